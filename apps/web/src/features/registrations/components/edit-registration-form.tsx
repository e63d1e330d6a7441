import { type Locale, localeSchema } from '@bok/shared/common';
import { type Registration, type RegistrationUpdate, registrationUpdateSchema } from '@bok/shared/registrations';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary, type SummaryError } from '@/components/error-summary';
import { describedBy, FieldHint, FieldLabel, TextAreaField, TextField } from '@/components/form-fields';
import { ApiError } from '@/lib/api-client';
import { type FieldIssue, issuesFromProblem, issuesFromZod } from '@/lib/field-issues';
import { useUpdateRegistration } from '../api/update-registration';
import { fieldMessage } from './field-messages';
import { chosenLibraryId, type LibraryChoice, LibraryField, libraryFieldIds, otherLibrary } from './library-field';
import { manageErrorMessage } from './manage-error-message';

type Values = {
  library: LibraryChoice;
  libraryName: string;
  jobTitle: string;
  dietaryNeeds: string;
  accessibilityNeeds: string;
  comment: string;
  locale: Locale;
};

const fieldOrder = [
  'library',
  'libraryName',
  'jobTitle',
  'dietaryNeeds',
  'accessibilityNeeds',
  'comment',
  'locale',
] as const;
type FormField = (typeof fieldOrder)[number];
/** Issues, not words: the words follow the language when the visitor switches it. */
type FieldErrors = Partial<Record<FormField, FieldIssue & { value?: string | undefined }>>;

const prefix = 'manage';
const ids = {
  library: libraryFieldIds(prefix).choice,
  libraryName: libraryFieldIds(prefix).otherName,
  jobTitle: `${prefix}-job-title`,
  dietaryNeeds: `${prefix}-dietary-needs`,
  accessibilityNeeds: `${prefix}-accessibility-needs`,
  comment: `${prefix}-comment`,
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

type Props = { registration: Registration; token: string };

/** What a registrant may change: library, job title, needs, comment and the language of our e-mails. */
export function EditRegistrationForm({ registration, token }: Props) {
  const { t } = useTranslation();
  const [values, setValues] = useState<Values>(() => valuesOf(registration));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [requestError, setRequestError] = useState<unknown>(null);
  const [failedSubmits, setFailedSubmits] = useState(0);
  const [saved, setSaved] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  const mutation = useUpdateRegistration();

  useEffect(() => {
    if (failedSubmits === 0) return;
    (summaryRef.current ?? alertRef.current)?.focus();
  }, [failedSubmits]);

  function set<K extends keyof Values>(key: K) {
    return (value: Values[K]) => {
      setSaved(false);
      setValues((current) => ({ ...current, [key]: value }));
    };
  }

  function formFieldOf(field: string): FormField | null {
    if (field === 'libraryId' || field === 'libraryName') {
      return values.library === otherLibrary ? 'libraryName' : 'library';
    }
    return (fieldOrder as readonly string[]).includes(field) ? (field as FormField) : null;
  }

  function toFieldErrors(issues: FieldIssue[]): FieldErrors {
    const result: FieldErrors = {};
    for (const issue of issues) {
      const field = formFieldOf(issue.field);
      if (!field || result[field]) continue;
      result[field] = issue;
    }
    return result;
  }

  function validate(): { data: RegistrationUpdate } | { errors: FieldErrors } {
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
    const issues = parsed.success ? [] : issuesFromZod(parsed.error);
    // The API refuses a registration without a library (the schema cannot tell a partial change from that).
    const noLibrary = chosenLibraryId(values.library) === undefined && !(other && values.libraryName.trim());
    if (noLibrary && !issues.some((issue) => issue.field === 'libraryId' || issue.field === 'libraryName')) {
      issues.push({ field: 'libraryId', code: 'custom', message: 'library_required' });
    }
    if (issues.length > 0 || !parsed.success) return { errors: toFieldErrors(issues) };
    return { data: parsed.data };
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (mutation.isPending) return;
    const result = validate();
    setSaved(false);
    if ('errors' in result) {
      setErrors(result.errors);
      setRequestError(null);
      setFailedSubmits((count) => count + 1);
      return;
    }
    setErrors({});
    setRequestError(null);
    mutation.mutate(
      { registrationId: registration.id, token, changes: result.data },
      {
        onSuccess: (updated) => {
          setValues(valuesOf(updated));
          setSaved(true);
        },
        onError: (error) => {
          const fieldErrors = error instanceof ApiError ? toFieldErrors(issuesFromProblem(error.fieldErrors)) : {};
          const named = Object.keys(fieldErrors).length > 0;
          setErrors(fieldErrors);
          setRequestError(named ? null : error);
          setFailedSubmits((count) => count + 1);
        },
      },
    );
  }

  const messages: Partial<Record<FormField, string>> = {};
  for (const field of fieldOrder) {
    const issue = errors[field];
    if (!issue) continue;
    messages[field] =
      field === 'libraryName' && issue.message === 'library_required'
        ? t('validation.libraryNameRequired')
        : fieldMessage(t, issue, issue.value);
  }
  const summary: SummaryError[] = fieldOrder.flatMap((field) => {
    const message = messages[field];
    return message ? [{ fieldId: ids[field], message }] : [];
  });
  const localeHint = t('manage.localeHint');

  return (
    <form
      className="registration-form"
      data-testid="manage-form"
      aria-labelledby="manage-edit-heading"
      noValidate
      onSubmit={onSubmit}
    >
      {requestError ? (
        <div ref={alertRef} className="notice notice--error" role="alert" tabIndex={-1}>
          <p>{manageErrorMessage(t, requestError)}</p>
        </div>
      ) : null}
      <ErrorSummary ref={summaryRef} errors={summary} />

      <LibraryField
        idPrefix={prefix}
        choice={values.library}
        otherName={values.libraryName}
        onChoice={set('library')}
        onOtherName={set('libraryName')}
        choiceError={messages.library}
        otherNameError={messages.libraryName}
      />
      <TextField
        id={ids.jobTitle}
        name="jobTitle"
        label={t('registration.jobTitle')}
        hint={t('registration.jobTitleHint')}
        optional
        value={values.jobTitle}
        onChange={set('jobTitle')}
        error={messages.jobTitle}
        autoComplete="organization-title"
      />
      <TextAreaField
        id={ids.dietaryNeeds}
        name="dietaryNeeds"
        label={t('registration.dietaryNeeds')}
        hint={t('registration.dietaryNeedsHint')}
        optional
        rows={2}
        value={values.dietaryNeeds}
        onChange={set('dietaryNeeds')}
        error={messages.dietaryNeeds}
      />
      <TextAreaField
        id={ids.accessibilityNeeds}
        name="accessibilityNeeds"
        label={t('registration.accessibilityNeeds')}
        hint={t('registration.accessibilityNeedsHint')}
        optional
        rows={2}
        value={values.accessibilityNeeds}
        onChange={set('accessibilityNeeds')}
        error={messages.accessibilityNeeds}
      />
      <TextAreaField
        id={ids.comment}
        name="comment"
        label={t('registration.comment')}
        hint={t('registration.commentHint')}
        optional
        value={values.comment}
        onChange={set('comment')}
        error={messages.comment}
      />
      <div className="field">
        <FieldLabel id={ids.locale} label={t('manage.locale')} />
        <FieldHint id={ids.locale} hint={localeHint} />
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
      </div>

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
