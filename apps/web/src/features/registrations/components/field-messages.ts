import { fieldErrorCode, fieldErrorCodes } from '@bok/shared/errors';
import type { TFunction } from 'i18next';
import type { FieldIssue } from '@/lib/field-issues';

/** Our own field codes (from the shared schemas and the API); each has its own words. */
export const customCodes = fieldErrorCodes;
type CustomCode = (typeof customCodes)[number];

function customCode(issue: FieldIssue): CustomCode | undefined {
  return customCodes.find((code) => code === issue.message || code === issue.code);
}

/** Words for a failing registration field, from a zod issue or a problem+json field error. */
export function fieldMessage(t: TFunction, issue: FieldIssue, value?: string): string {
  const custom = customCode(issue);
  if (custom) return t(`validation.${custom}`);
  if (issue.code === 'too_big') {
    return issue.maximum ? t('validation.tooLong', { count: issue.maximum }) : t('validation.tooLongUnknown');
  }
  const missing = issue.code === 'too_small' || issue.code === 'invalid_type' || value?.trim() === '';
  switch (issue.field) {
    case 'name':
      return missing ? t('validation.nameRequired') : t('validation.invalid');
    case 'email':
      return missing ? t('validation.emailRequired') : t('validation.email');
    case 'libraryId':
      // Only a tampered form sends a library id that is not a uuid.
      return t(`validation.${fieldErrorCode.unknown_library}`);
    default:
      return missing ? t('validation.required') : t('validation.invalid');
  }
}
