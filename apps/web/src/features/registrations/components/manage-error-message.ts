import type { TFunction } from 'i18next';
import { ApiError } from '@/lib/api-client';

/** Words for a failed change or cancellation on the manage page. */
export function manageErrorMessage(t: TFunction, error: unknown): string {
  if (!(error instanceof ApiError)) return t('manage.errors.generic');
  if (error.kind === 'network') return t('manage.errors.network');
  if (error.status === 404) return t('manage.errors.notFound');
  if (error.problem?.code === 'hold_expired') return t('manage.errors.holdExpired');
  if (error.problem?.code === 'conflict') return t('manage.errors.conflict');
  if (error.problem?.code === 'validation_failed') return t('manage.errors.invalid');
  if (error.status === 429) return t('errors.rateLimited');
  if (error.status !== null && error.status >= 500) return t('manage.errors.server');
  return t('manage.errors.generic');
}
