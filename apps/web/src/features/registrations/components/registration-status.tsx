import type { Registration } from '@bok/shared/registrations';
import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';

/** Where the registration stands, in a sentence; the manage page focuses it after a cancellation. */
export function RegistrationStatus({ registration, ref }: { registration: Registration; ref?: Ref<HTMLDivElement> }) {
  const { t } = useTranslation();
  let title: string;
  let detail: string;
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
    >
      <p className="registration-status__title">{title}</p>
      <p>{detail}</p>
    </div>
  );
}
