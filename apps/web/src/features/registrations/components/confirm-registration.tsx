import type { Registration } from '@bok/shared/registrations';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { useLocale } from '@/i18n/use-locale';
import { ApiError } from '@/lib/api-client';
import { formatDateTime } from '@/lib/format-date';
import { useConfirmRegistration } from '../api/confirm-registration';
import { manageErrorMessage } from './manage-error-message';

type Props = {
  registration: Registration & { holdExpiresAt: string };
  token: string;
  onConfirmed: () => void;
  /** The hold ended before the confirmation: the page now shows the registration as lapsed. */
  onLapsed: () => void;
};

/**
 * The place is held until the registrant confirms. A button, not the e-mailed link itself: mail
 * scanners open links, and a scanner must not confirm a made-up registration for someone.
 */
export function ConfirmRegistration({ registration, token, onConfirmed, onLapsed }: Props) {
  const { t } = useTranslation();
  const locale = useLocale();
  const alertRef = useRef<HTMLDivElement>(null);
  const mutation = useConfirmRegistration();

  useEffect(() => {
    if (mutation.isError) alertRef.current?.focus();
  }, [mutation.isError]);

  return (
    <div className="confirm-registration notice" data-testid="confirm-registration">
      <p>
        {registration.status === 'confirmed'
          ? t('manage.confirm.introSeat', { time: formatDateTime(registration.holdExpiresAt, locale) })
          : t('manage.confirm.introWaitlist', {
              time: formatDateTime(registration.holdExpiresAt, locale),
              position: registration.waitlistPosition ?? '?',
            })}
      </p>
      {mutation.isError ? <ErrorAlert ref={alertRef} message={manageErrorMessage(t, mutation.error)} /> : null}
      <div className="form-actions">
        <button
          type="button"
          className="button"
          data-testid="confirm-registration-button"
          onClick={() => {
            if (mutation.isPending) return;
            mutation.mutate(
              { registrationId: registration.id, token },
              {
                onSuccess: onConfirmed,
                onError: (error) => {
                  if (error instanceof ApiError && error.problem?.code === 'hold_expired') onLapsed();
                },
              },
            );
          }}
        >
          {t('manage.confirm.button')}
        </button>
        <p className="form-actions__status" role="status">
          {mutation.isPending ? t('manage.confirm.sending') : ''}
        </p>
      </div>
    </div>
  );
}
