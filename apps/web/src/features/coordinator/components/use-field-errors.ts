import type { TFunction } from 'i18next';
import { useState } from 'react';
import type { z } from 'zod';
import { fieldMessage } from '@/features/registrations/components/field-messages';
import { ApiError } from '@/lib/api-client';
import { type FieldIssue, issuesFromProblem, issuesFromZod } from '@/lib/field-issues';

/**
 * The failing fields of a dashboard form, whether the shared schema found them in the browser or
 * the API named them: one message per field, in words, and the rest of the failure as a sentence.
 */
export function useFieldErrors(t: TFunction) {
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  return {
    issues,
    errorFor: (field: string) => {
      const issue = issues.find((candidate) => candidate.field === field);
      return issue ? fieldMessage(t, issue) : undefined;
    },
    /** Parses with the shared schema; on failure shows its issues and answers undefined. */
    check<Schema extends z.ZodType>(schema: Schema, value: unknown): z.output<Schema> | undefined {
      const parsed = schema.safeParse(value);
      if (parsed.success) {
        setIssues([]);
        return parsed.data;
      }
      setIssues(issuesFromZod(parsed.error));
      return undefined;
    },
    /** Shows what the API named; true when it named fields. */
    fromError(error: unknown): boolean {
      const named = error instanceof ApiError ? issuesFromProblem(error.fieldErrors) : [];
      setIssues(named);
      return named.length > 0;
    },
    clear: () => setIssues([]),
  };
}

/** A failed dashboard request in a sentence (fields aside). */
export function requestProblem(t: TFunction, error: unknown): string {
  if (error instanceof ApiError && error.problem?.code === 'conflict' && error.problem.detail) {
    return t('coordinator.errors.conflict', { detail: error.problem.detail });
  }
  if (error instanceof ApiError && error.problem?.code === 'validation_failed') return t('coordinator.errors.invalid');
  if (error instanceof ApiError && error.status === 401) return t('coordinator.errors.signedOut');
  return t('coordinator.errors.generic');
}

const credentialCodes = [
  'password_too_short',
  'password_too_long',
  'password_too_common',
  'password_incorrect',
  'code_incorrect',
] as const;

/** A password or code field's failure in the sign-in rules' own words; other issues as any field's. */
export function credentialMessage(t: TFunction, fields: ReturnType<typeof useFieldErrors>, field: string) {
  const issue = fields.issues.find((candidate) => candidate.field === field);
  const code = credentialCodes.find((candidate) => candidate === issue?.message);
  return code ? t(`coordinator.password.${code}`) : fields.errorFor(field);
}
