import type { MeetingDetail } from '@bok/shared/meetings';
import {
  type RegistrationCreated,
  type RegistrationCreateParsed,
  registrationCreateSchema,
} from '@bok/shared/registrations';
import { Link } from '@tanstack/react-router';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary, type SummaryError } from '@/components/error-summary';
import { describedBy, FieldError, FieldHint, TextAreaField, TextField } from '@/components/form-fields';
import { useLocale } from '@/i18n/use-locale';
import { ApiError } from '@/lib/api-client';
import { type FieldIssue, issuesFromProblem, issuesFromZod } from '@/lib/field-issues';
import { createIdempotencyKeys } from '@/lib/idempotency-key';
import { useCreateRegistration } from '../api/create-registration';
import { fieldMessage } from './field-messages';
import { chosenLibraryId, type LibraryChoice, LibraryField, libraryFieldIds, otherLibrary } from './library-field';
import { requestErrorMessage } from './request-error-message';

type Values = {
  name: string;
  email: string;
  library: LibraryChoice;
  libraryName: string;
  jobTitle: string;
  dietaryNeeds: string;
  accessibilityNeeds: string;
  comment: string;
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

/** Fields in the order they appear, so the error summary lists them top to bottom. */
const fieldOrder = [
  'name',
  'email',
  'library',
  'libraryName',
  'jobTitle',
  'dietaryNeeds',
  'accessibilityNeeds',
  'comment',
  'consent',
] as const;
type FormField = (typeof fieldOrder)[number];
/** Issues, not words: the words follow the language when the visitor switches it. */
type FieldErrors = Partial<Record<FormField, FieldIssue & { value?: string | undefined }>>;

/** The meeting refused the registration: the page, not the form, says so (the form may go away). */
export type RegistrationRefusal = ApiError;

type Props = {
  meeting: MeetingDetail;
  onRegistered: (result: RegistrationCreated, email: string) => void;
  onRefused: (error: RegistrationRefusal) => void;
};

export const registrationFirstFieldId = 'registration-name';

const refusalCodes = new Set(['meeting_not_open', 'meeting_full']);

export function RegistrationForm({ meeting, onRegistered, onRefused }: Props) {
  const { t } = useTranslation();
  const locale = useLocale();
  // One registration form per page: stable ids keep the error summary's links and tests simple.
  const prefix = 'registration';
  const ids = {
    name: `${prefix}-name`,
    email: `${prefix}-email`,
    library: libraryFieldIds(prefix).choice,
    libraryName: libraryFieldIds(prefix).otherName,
    jobTitle: `${prefix}-job-title`,
    dietaryNeeds: `${prefix}-dietary-needs`,
    accessibilityNeeds: `${prefix}-accessibility-needs`,
    comment: `${prefix}-comment`,
    consent: `${prefix}-consent`,
    website: `${prefix}-website`,
  } satisfies Record<FormField | 'website', string>;
  const titleId = `${prefix}-title`;

  const [values, setValues] = useState<Values>(emptyValues);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [requestError, setRequestError] = useState<unknown>(null);
  // Bumped on each failed submit, so focus moves even when the same errors come back.
  const [failedSubmits, setFailedSubmits] = useState(0);
  const [keys] = useState(createIdempotencyKeys);
  const summaryRef = useRef<HTMLDivElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  const mutation = useCreateRegistration();
  const waitlist = meeting.registrationState === 'waitlist';

  useEffect(() => {
    if (failedSubmits === 0) return;
    (summaryRef.current ?? alertRef.current)?.focus();
  }, [failedSubmits]);

  function set<K extends keyof Values>(key: K) {
    return (value: Values[K]) => setValues((current) => ({ ...current, [key]: value }));
  }

  /** Where a schema or server field shows its message; a free-text library speaks for the library. */
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
      const value = field === 'consent' || field === 'library' ? undefined : values[field];
      result[field] = { ...issue, value };
    }
    return result;
  }

  function validate(): { data: RegistrationCreateParsed } | { errors: FieldErrors } {
    const libraryId = chosenLibraryId(values.library);
    const parsed = registrationCreateSchema.safeParse({
      name: values.name,
      email: values.email,
      libraryId,
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
    const issues = issuesFromZod(parsed.error);
    // zod checks "a library, from the list or typed" only once every field passes; say it now, with the rest.
    const noLibrary = libraryId === undefined && !(values.library === otherLibrary && values.libraryName.trim());
    if (noLibrary && !issues.some((issue) => issue.field === 'libraryId' || issue.field === 'libraryName')) {
      issues.push({ field: 'libraryId', code: 'custom', message: 'library_required' });
    }
    return { errors: toFieldErrors(issues) };
  }

  function fail(fieldErrors: FieldErrors, message: unknown) {
    setErrors(fieldErrors);
    setRequestError(message);
    setFailedSubmits((count) => count + 1);
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // A second click while the first is on its way must not send again.
    if (mutation.isPending) return;
    const result = validate();
    if ('errors' in result) {
      fail(result.errors, null);
      return;
    }
    setErrors({});
    setRequestError(null);
    const email = result.data.email;
    mutation.mutate(
      { meetingId: meeting.id, registration: result.data, idempotencyKey: keys.keyFor(result.data) },
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
          const fieldErrors =
            error instanceof ApiError ? toFieldErrors(issuesFromProblem(error.fieldErrors)) : ({} as FieldErrors);
          const named = Object.keys(fieldErrors).length > 0;
          fail(fieldErrors, named ? null : error);
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

      {requestError ? (
        <div
          ref={alertRef}
          className="notice notice--error"
          role="alert"
          tabIndex={-1}
          data-testid="registration-error"
        >
          <p className="notice__title">{t('registration.errors.title')}</p>
          <p>{requestErrorMessage(t, requestError)}</p>
        </div>
      ) : null}
      <ErrorSummary ref={summaryRef} errors={summary} />

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
            aria-required
            aria-invalid={messages.consent ? true : undefined}
            aria-describedby={describedBy(ids.consent, true, messages.consent)}
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
