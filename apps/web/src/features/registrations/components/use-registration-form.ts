import { fieldErrorCode } from '@bok/shared/errors';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SummaryError } from '@/components/error-summary';
import { ApiError } from '@/lib/api-client';
import { type FieldIssue, issuesFromProblem } from '@/lib/field-issues';
import { fieldMessage } from './field-messages';
import { otherLibrary } from './library-field';
import type { RegistrationDetails } from './registration-details-fields';

/** Issues, not words: the words follow the language when the visitor switches it. */
type FieldErrors<Field extends string> = Partial<Record<Field, FieldIssue & { value?: string | undefined }>>;

type Options<Values, Field extends string> = {
  initialValues: Values | (() => Values);
  /** Fields in the order they appear, so the error summary lists them top to bottom. */
  fieldOrder: readonly Field[];
  ids: Record<Field, string>;
  /** Runs on every change the visitor makes. */
  onEdit?: () => void;
};

/**
 * The state a registration form keeps: its values, the issues per field and a request error, and
 * focus on the error summary (or the alert) after each failed submit.
 */
export function useRegistrationForm<
  Values extends Pick<RegistrationDetails, 'library'>,
  Field extends Extract<keyof Values, string>,
>({ initialValues, fieldOrder, ids, onEdit }: Options<Values, Field>) {
  const { t } = useTranslation();
  const [values, setValues] = useState<Values>(initialValues);
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [requestError, setRequestError] = useState<unknown>(null);
  // Bumped on each failed submit, so focus moves even when the same errors come back.
  const [failedSubmits, setFailedSubmits] = useState(0);
  const summaryRef = useRef<HTMLDivElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (failedSubmits === 0) return;
    (summaryRef.current ?? alertRef.current)?.focus();
  }, [failedSubmits]);

  function set<K extends keyof Values>(key: K) {
    return (value: Values[K]) => {
      onEdit?.();
      setValues((current) => ({ ...current, [key]: value }));
    };
  }

  /** Where a schema or server field shows its message; a free-text library speaks for the library. */
  function formFieldOf(field: string): Field | undefined {
    const shownAt =
      field === 'libraryId' || field === 'libraryName'
        ? values.library === otherLibrary
          ? 'libraryName'
          : 'library'
        : field;
    return fieldOrder.find((candidate) => candidate === shownAt);
  }

  function toFieldErrors(issues: FieldIssue[]): FieldErrors<Field> {
    const result: FieldErrors<Field> = {};
    for (const issue of issues) {
      const field = formFieldOf(issue.field);
      if (!field || result[field]) continue;
      // The typed text tells "missing" from "wrong"; a select or a checkbox has none.
      const value = values[field];
      result[field] = { ...issue, value: field !== 'library' && typeof value === 'string' ? value : undefined };
    }
    return result;
  }

  function fail(fieldErrors: FieldErrors<Field>, error: unknown) {
    setErrors(fieldErrors);
    setRequestError(error);
    setFailedSubmits((count) => count + 1);
  }

  /** The form did not pass its own checks. */
  function showIssues(issues: FieldIssue[]) {
    fail(toFieldErrors(issues), null);
  }

  /** The request failed: the fields the server named, beside them; anything else, in the alert. */
  function showRequestError(error: unknown) {
    const fieldErrors = error instanceof ApiError ? toFieldErrors(issuesFromProblem(error.fieldErrors)) : {};
    const named = Object.keys(fieldErrors).length > 0;
    fail(fieldErrors, named ? null : error);
  }

  function clearErrors() {
    setErrors({});
    setRequestError(null);
  }

  const messages: Partial<Record<Field, string>> = {};
  for (const field of fieldOrder) {
    const issue = errors[field];
    if (!issue) continue;
    messages[field] =
      field === 'libraryName' && issue.message === fieldErrorCode.library_required
        ? t('validation.libraryNameRequired')
        : fieldMessage(t, issue, issue.value);
  }
  const summary: SummaryError[] = fieldOrder.flatMap((field) => {
    const message = messages[field];
    return message ? [{ fieldId: ids[field], message }] : [];
  });

  return {
    values,
    setValues,
    set,
    messages,
    summary,
    requestError,
    summaryRef,
    alertRef,
    showIssues,
    showRequestError,
    clearErrors,
  };
}
