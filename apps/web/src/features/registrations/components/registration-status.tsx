import type { Registration } from '@bok/shared/registrations';
import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocale } from '@/i18n/use-locale';
import { formatDateTime } from '@/lib/format-date';

/** Where the registration stands, in a sentence; the manage page focuses it after a cancellation. */
export function RegistrationStatus({ registration, ref }: { registration: Registration; ref?: Ref<HTMLDivElement> }) {
  const { t } = useTranslation();
  const locale = useLocale();
  let title: string;
  let detail: string;
  // A place held for a confirmation from the e-mail: still to confirm, or ended unconfirmed.
  const held = registration.holdExpiresAt !== null && registration.emailConfirmedAt === null;
  if (held && registration.status === 'cancelled') {
    title = t('manage.status.holdExpired');
    detail = t('manage.status.holdExpiredDetail');
  } else if (held) {
    title = t('manage.status.held');
    detail = t('manage.status.heldDetail', { time: formatDateTime(registration.holdExpiresAt!, locale) });
  } else
    switch (registration.status) {
      case 'confirmed':
        title = t('manage.status.confirmed');
        detail = t('manage.status.confirmedDetail');
        break;
      case 'waitlisted':
        title = registration.waitlistPosition
          ? t('manage.status.waitlisted', { position: registration.waitlistPosition })
          : t('manage.status.waitlistedNoPosition');
        detail = t('manage.status.waitlistedDetail');
        break;
      case 'cancelled':
        title = t('manage.status.cancelled');
        detail = t('manage.status.cancelledDetail');
        break;
    }
  return (
    <div
      ref={ref}
      tabIndex={-1}
      className={`registration-status registration-status--${registration.status}`}
      data-testid="registration-status"
      data-status={registration.status}
      data-held={held ? 'true' : undefined}
    >
      <p className="registration-status__title">{title}</p>
      <p>{detail}</p>
    </div>
  );
}
