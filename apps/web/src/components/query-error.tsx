import { useTranslation } from 'react-i18next';
import { ApiError } from '@/lib/api-client';

type Props = {
  error: Error;
  onRetry?: () => void;
  title?: string;
  /** A page that failed to load has no other h1, so its error heading takes that place. */
  headingLevel?: 1 | 2;
};

function messageKey(error: Error) {
  if (!(error instanceof ApiError)) return 'errors.generic' as const;
  if (error.kind === 'network') return 'errors.network' as const;
  if (error.kind === 'invalid_response') return 'errors.invalidResponse' as const;
  if (error.status === 429) return 'errors.rateLimited' as const;
  if (error.status !== null && error.status >= 500) return 'errors.server' as const;
  return 'errors.generic' as const;
}

export function QueryError({ error, onRetry, title, headingLevel = 2 }: Props) {
  const { t } = useTranslation();
  const Heading = headingLevel === 1 ? 'h1' : 'h2';
  // The problem's detail is written for people; its title and code are for programs.
  const detail = error instanceof ApiError ? error.problem?.detail : undefined;
  return (
    <div className="notice notice--error" role="alert">
      <Heading className="notice__title">{title ?? t('errors.title')}</Heading>
      <p>{t(messageKey(error))}</p>
      {detail ? <p>{t('errors.detail', { detail })}</p> : null}
      {onRetry ? (
        <button type="button" className="button" onClick={onRetry}>
          {t('common.retry')}
        </button>
      ) : null}
    </div>
  );
}
