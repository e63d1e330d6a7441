import type { TFunction } from 'i18next';
import { ApiError } from '@/lib/api-client';

/** Words for a request that failed without naming a field: rate limit, network, server, refusal. */
export function requestErrorMessage(t: TFunction, error: unknown): string {
  if (!(error instanceof ApiError)) return t('registration.errors.generic');
  if (error.kind === 'network') return t('registration.errors.network');
  if (error.kind === 'invalid_response') return t('errors.invalidResponse');
  switch (error.problem?.code) {
    case 'meeting_not_open':
      return t('registration.errors.meeting_not_open');
    case 'meeting_full':
      return t('registration.errors.meeting_full');
    case 'library_full':
      return t('registration.errors.library_full');
    case 'rate_limited':
      return error.retryAfterSeconds
        ? t('registration.errors.rateLimitedWait', { count: error.retryAfterSeconds })
        : t('registration.errors.rateLimited');
    case 'validation_failed':
      return t('registration.errors.invalid');
    case 'conflict':
      return t('registration.errors.conflict');
    default:
      break;
  }
  if (error.status === 429) return t('registration.errors.rateLimited');
  if (error.status !== null && error.status >= 500) return t('registration.errors.server');
  return t('registration.errors.generic');
}
