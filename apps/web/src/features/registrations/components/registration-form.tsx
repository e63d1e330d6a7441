import type { MeetingDetail } from '@bok/shared/meetings';
import {
  type RegistrationCreated,
  type RegistrationCreateParsed,
  registrationCreateSchema,
} from '@bok/shared/registrations';
import { Link } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { ErrorSummary } from '@/components/error-summary';
import { controlAria, FieldError, FieldHint, TextField } from '@/components/form-fields';
import { useLocale } from '@/i18n/use-locale';
import { ApiError } from '@/lib/api-client';
import { type FieldIssue, issuesFromProblem, issuesFromZod } from '@/lib/field-issues';
import { createIdempotencyKeys } from '@/lib/idempotency-key';
import { useCreateRegistration } from '../api/create-registration';
import { chosenLibraryId, otherLibrary, withLibraryRequired } from './library-field';
import { QuestionFields, useAnswers } from './question-fields';
import {
  type RegistrationDetails,
  RegistrationDetailsFields,
  registrationDetailsFields,
  registrationDetailsIds,
} from './registration-details-fields';
import { requestErrorMessage } from './request-error-message';
import { useRegistrationForm } from './use-registration-form';

type Values = RegistrationDetails & {
  name: string;
  email: string;
  consent: boolean;
  website: string;
};

const emptyValues: Values = {
  name: '',
  email: '',
  library: '',
  libraryName: '',
  jobTitle: '',
  dietaryNeeds: '',
  accessibilityNeeds: '',
  comment: '',
  consent: false,
  website: '',
};

const fieldOrder = ['name', 'email', ...registrationDetailsFields, 'consent'] as const;
type FormField = (typeof fieldOrder)[number];

// One registration form per page: stable ids keep the error summary's links and tests simple.
const prefix = 'registration';
const ids = {
  name: `${prefix}-name`,
  email: `${prefix}-email`,
  ...registrationDetailsIds(prefix),
  consent: `${prefix}-consent`,
  website: `${prefix}-website`,
} satisfies Record<FormField | 'website', string>;
const titleId = `${prefix}-title`;

/** The meeting refused the registration: the page, not the form, says so (the form may go away). */
export type RegistrationRefusal = ApiError;

type Props = {
  meeting: MeetingDetail;
  onRegistered: (result: RegistrationCreated, email: string) => void;
  onRefused: (error: RegistrationRefusal) => void;
};

export const registrationFirstFieldId = ids.name;

const refusalCodes = new Set(['meeting_not_open', 'meeting_full', 'library_full']);

export function RegistrationForm({ meeting, onRegistered, onRefused }: Props) {
  const { t } = useTranslation();
  const locale = useLocale();
  const form = useRegistrationForm({ initialValues: emptyValues, fieldOrder, ids });
  const { values, set, messages } = form;
  const [keys] = useState(createIdempotencyKeys);
  const mutation = useCreateRegistration();
  const answers = useAnswers(meeting.questions, prefix);
  const waitlist = meeting.registrationState === 'waitlist';

  function validate(): { data: RegistrationCreateParsed } | { issues: FieldIssue[] } {
    const parsed = registrationCreateSchema.safeParse({
      name: values.name,
      email: values.email,
      libraryId: chosenLibraryId(values.library),
      libraryName: values.library === otherLibrary ? values.libraryName : undefined,
      jobTitle: values.jobTitle,
      dietaryNeeds: values.dietaryNeeds,
      accessibilityNeeds: values.accessibilityNeeds,
      comment: values.comment,
      consent: values.consent,
      locale,
      website: values.website || undefined,
    });
    if (parsed.success) return { data: parsed.data };
    return { issues: withLibraryRequired(issuesFromZod(parsed.error), values.library, values.libraryName) };
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // A second click while the first is on its way must not send again.
    if (mutation.isPending) return;
    const result = validate();
    const given = answers.check();
    if ('issues' in result || !given) {
      form.showIssues('issues' in result ? result.issues : []);
      return;
    }
    form.clearErrors();
    const email = result.data.email;
    // A meeting without questions gets the registration as it always has.
    const registration = meeting.questions.length ? { ...result.data, answers: given } : result.data;
    mutation.mutate(
      {
        meetingId: meeting.id,
        registration,
        idempotencyKey: keys.keyFor(registration),
      },
      {
        onSuccess: (created) => {
          keys.reset();
          onRegistered(created, email);
        },
        onError: (error) => {
          if (error instanceof ApiError && error.problem && refusalCodes.has(error.problem.code)) {
            onRefused(error);
            return;
          }
          // Answers the API refused go on their questions; the rest as any field's.
          if (error instanceof ApiError && answers.fromProblem(error.fieldErrors)) {
            form.showIssues(issuesFromProblem(error.fieldErrors));
            return;
          }
          form.showRequestError(error);
        },
      },
    );
  }

  return (
    <form
      className="registration-form"
      data-testid="registration-form"
      aria-labelledby={titleId}
      noValidate
      onSubmit={onSubmit}
    >
      <h3 id={titleId} className="registration-form__title">
        {waitlist ? t('registration.formTitleWaitlist') : t('registration.formTitle')}
      </h3>
      {waitlist ? (
        <p className="notice notice--waitlist" data-testid="waitlist-note">
          {t('registration.waitlistNote')}
        </p>
      ) : null}

      {form.requestError ? (
        <ErrorAlert
          ref={form.alertRef}
          title={t('registration.errors.title')}
          message={requestErrorMessage(t, form.requestError)}
          testId="registration-error"
        />
      ) : null}
      <ErrorSummary
        ref={form.summaryRef}
        errors={[
          ...form.summary.filter((error) => error.fieldId !== ids.consent),
          ...answers.summary,
          ...form.summary.filter((error) => error.fieldId === ids.consent),
        ]}
      />

      <TextField
        id={ids.name}
        name="name"
        label={t('registration.name')}
        value={values.name}
        onChange={set('name')}
        error={messages.name}
        autoComplete="name"
        spellCheck={false}
      />
      <TextField
        id={ids.email}
        name="email"
        type="email"
        label={t('registration.email')}
        hint={t('registration.emailHint')}
        value={values.email}
        onChange={set('email')}
        error={messages.email}
        autoComplete="email"
        spellCheck={false}
      />
      <RegistrationDetailsFields idPrefix={prefix} values={values} messages={messages} set={set} />
      <QuestionFields prefix={prefix} questions={meeting.questions} answers={answers} />

      <div className={`field field--checkbox${messages.consent ? ' field--error' : ''}`}>
        <FieldError id={ids.consent} error={messages.consent} />
        <div className="checkbox">
          <input
            id={ids.consent}
            name="consent"
            type="checkbox"
            className="checkbox__input"
            checked={values.consent}
            onChange={(event) => set('consent')(event.target.checked)}
            {...controlAria(ids.consent, { hint: true, error: messages.consent })}
          />
          <label htmlFor={ids.consent} className="checkbox__label">
            {t('registration.consent')}
          </label>
        </div>
        <FieldHint
          id={ids.consent}
          hint={
            <>
              {t('registration.consentHint')}{' '}
              <Link to="/privatliv" target="_blank" rel="noopener">
                {t('registration.privacyLink')}
                <span className="visually-hidden"> {t('form.opensInNewWindow')}</span>
              </Link>
            </>
          }
        />
      </div>

      {/* Bot trap: hidden from eyes, keyboards and screen readers; a person never fills it in. */}
      <div className="bot-trap" aria-hidden="true">
        <label htmlFor={ids.website}>{t('registration.website')}</label>
        <input
          id={ids.website}
          name="website"
          type="text"
          tabIndex={-1}
          autoComplete="off"
          value={values.website}
          onChange={(event) => set('website')(event.target.value)}
        />
      </div>

      <div className="form-actions">
        <button type="submit" className="button" data-testid="registration-submit">
          {waitlist ? t('registration.submitWaitlist') : t('registration.submit')}
        </button>
        <p className="form-actions__status" role="status">
          {mutation.isPending ? t('registration.sending') : ''}
        </p>
      </div>
    </form>
  );
}
