import type { FieldError } from '@bok/shared/errors';
import type { z } from 'zod';

/**
 * One failing field, whether zod found it in the browser or the server named it in problem+json.
 * `code` is zod's issue code (or the server's own, e.g. `unknown_library`); `message` carries our
 * custom codes (`consent_required`, `library_required`), which the shared schemas set as messages.
 */
export type FieldIssue = { field: string; code: string; message: string; maximum?: number };

/** The first issue per field: one message at a time is easier to act on. */
export function issuesFromZod(error: z.ZodError): FieldIssue[] {
  const byField = new Map<string, FieldIssue>();
  for (const issue of error.issues) {
    const field = issue.path.map(String).join('.');
    if (byField.has(field)) continue;
    const maximum = 'maximum' in issue && typeof issue.maximum === 'number' ? issue.maximum : undefined;
    byField.set(field, { field, code: issue.code, message: issue.message, ...(maximum ? { maximum } : {}) });
  }
  return [...byField.values()];
}

export function issuesFromProblem(errors: FieldError[]): FieldIssue[] {
  const byField = new Map<string, FieldIssue>();
  for (const error of errors) {
    if (!byField.has(error.field)) byField.set(error.field, { ...error });
  }
  return [...byField.values()];
}
