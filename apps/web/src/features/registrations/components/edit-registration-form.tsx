import { type Locale, localeSchema } from '@bok/shared/common';
import type { Question } from '@bok/shared/questions';
import { type Registration, type RegistrationUpdate, registrationUpdateSchema } from '@bok/shared/registrations';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { ErrorSummary } from '@/components/error-summary';
import { describedBy, Field } from '@/components/form-fields';
import { ApiError } from '@/lib/api-client';
import { type FieldIssue, issuesFromProblem, issuesFromZod } from '@/lib/field-issues';
import { useUpdateRegistration } from '../api/update-registration';
import { chosenLibraryId, otherLibrary, withLibraryRequired } from './library-field';
import { manageErrorMessage } from './manage-error-message';
import { QuestionFields, useAnswers } from './question-fields';
import {
  type RegistrationDetails,
  RegistrationDetailsFields,
  registrationDetailsFields,
  registrationDetailsIds,
} from './registration-details-fields';
import { useRegistrationForm } from './use-registration-form';

type Values = RegistrationDetails & { locale: Locale };

const fieldOrder = [...registrationDetailsFields, 'locale'] as const;
type FormField = (typeof fieldOrder)[number];

const prefix = 'manage';
const ids = {
  ...registrationDetailsIds(prefix),
  locale: `${prefix}-locale`,
} satisfies Record<FormField, string>;

function valuesOf(registration: Registration): Values {
  return {
    library: registration.libraryId ?? (registration.libraryName ? otherLibrary : ''),
    libraryName: registration.libraryName ?? '',
    jobTitle: registration.jobTitle ?? '',
    dietaryNeeds: registration.dietaryNeeds ?? '',
    accessibilityNeeds: registration.accessibilityNeeds ?? '',
    comment: registration.comment ?? '',
    locale: registration.locale,
  };
}

type Props = { registration: Registration; token: string; questions?: readonly Question[] };

/** What a registrant may change: library, job title, needs, comment and the language of our e-mails. */
export function EditRegistrationForm({ registration, token, questions = [] }: Props) {
  const { t } = useTranslation();
  const answers = useAnswers(questions, prefix, registration.answers);
  const [saved, setSaved] = useState(false);
  const form = useRegistrationForm({
    initialValues: () => valuesOf(registration),
    fieldOrder,
    ids,
    onEdit: () => setSaved(false),
  });
  const { values, set, messages } = form;
  const mutation = useUpdateRegistration();

  function validate(): { data: RegistrationUpdate } | { issues: FieldIssue[] } {
    const other = values.library === otherLibrary;
    const parsed = registrationUpdateSchema.safeParse({
      // Choosing from the list clears a typed library, and the other way round.
      libraryId: chosenLibraryId(values.library) ?? null,
      libraryName: other ? values.libraryName : null,
      jobTitle: values.jobTitle,
      dietaryNeeds: values.dietaryNeeds,
      accessibilityNeeds: values.accessibilityNeeds,
      comment: values.comment,
      locale: values.locale,
    });
    // The API refuses a registration without a library, which the schema cannot tell from a partial change.
    const issues = withLibraryRequired(
      parsed.success ? [] : issuesFromZod(parsed.error),
      values.library,
      values.libraryName,
    );
    if (issues.length > 0 || !parsed.success) return { issues };
    return { data: parsed.data };
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (mutation.isPending) return;
    const result = validate();
    const given = answers.check();
    setSaved(false);
    if ('issues' in result || !given) {
      form.showIssues('issues' in result ? result.issues : []);
      return;
    }
    form.clearErrors();
    mutation.mutate(
      {
        registrationId: registration.id,
        token,
        changes: questions.length ? { ...result.data, answers: given } : result.data,
      },
      {
        onSuccess: (updated) => {
          form.setValues(valuesOf(updated));
          setSaved(true);
        },
        onError: (error) => {
          if (error instanceof ApiError && answers.fromProblem(error.fieldErrors)) {
            form.showIssues(issuesFromProblem(error.fieldErrors));
            return;
          }
          form.showRequestError(error);
        },
      },
    );
  }

  const localeHint = t('manage.localeHint');

  return (
    <form
      className="registration-form"
      data-testid="manage-form"
      aria-labelledby="manage-edit-heading"
      noValidate
      onSubmit={onSubmit}
    >
      {form.requestError ? <ErrorAlert ref={form.alertRef} message={manageErrorMessage(t, form.requestError)} /> : null}
      <ErrorSummary ref={form.summaryRef} errors={[...form.summary, ...answers.summary]} />

      <RegistrationDetailsFields idPrefix={prefix} values={values} messages={messages} set={set} />
      <QuestionFields prefix={prefix} questions={questions} answers={answers} />
      <Field id={ids.locale} label={t('manage.locale')} hint={localeHint}>
        <select
          id={ids.locale}
          name="locale"
          className="field__input field__select"
          value={values.locale}
          onChange={(event) => {
            const parsed = localeSchema.safeParse(event.target.value);
            if (parsed.success) set('locale')(parsed.data);
          }}
          aria-describedby={describedBy(ids.locale, localeHint, undefined)}
        >
          {localeSchema.options.map((locale) => (
            // Each language is named in itself, and announced in it.
            <option key={locale} value={locale} lang={locale}>
              {t(`language.${locale}`)}
            </option>
          ))}
        </select>
      </Field>

      <div className="form-actions">
        <button type="submit" className="button" data-testid="save-registration">
          {t('manage.save')}
        </button>
        <p className="form-actions__status" role="status" data-testid="manage-saved">
          {mutation.isPending ? t('manage.saving') : saved ? t('manage.saved') : ''}
        </p>
      </div>
    </form>
  );
}
