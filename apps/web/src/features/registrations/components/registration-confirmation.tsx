import type { RegistrationCreated } from '@bok/shared/registrations';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocale } from '@/i18n/use-locale';
import { formatDateTime } from '@/lib/format-date';

type Props = {
  result: RegistrationCreated;
  email: string;
  meetingTitle: string;
  onRegisterAnother: () => void;
};

/** The answer to a registration, in words; focused on arrival so a screen reader reads it at once. */
export function RegistrationConfirmation({ result, email, meetingTitle, onRegisterAnother }: Props) {
  const { t } = useTranslation();
  const locale = useLocale();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);

  return (
    <div
      ref={ref}
      className={`notice registration-confirmation registration-confirmation--${result.status}`}
      tabIndex={-1}
      data-testid="registration-confirmation"
      data-status={result.status}
    >
      {result.status !== 'already_registered' && result.confirmBy !== null ? (
        <>
          <h3 id="registration-confirmation-title" className="notice__title">
            {t('registration.confirmation.heldTitle')}
          </h3>
          <p data-testid="hold-deadline">
            {result.status === 'confirmed'
              ? t('registration.confirmation.heldSeat', { time: formatDateTime(result.confirmBy, locale) })
              : t('registration.confirmation.heldWaitlist', {
                  time: formatDateTime(result.confirmBy, locale),
                  position: result.waitlistPosition,
                })}
          </p>
          <p>{t('registration.confirmation.heldAction', { email })}</p>
        </>
      ) : null}
      {result.status === 'confirmed' && result.confirmBy === null ? (
        <>
          <h3 id="registration-confirmation-title" className="notice__title">
            {t('registration.confirmation.confirmedTitle')}
          </h3>
          <p>{t('registration.confirmation.confirmed', { title: meetingTitle })}</p>
          <p>{t('registration.confirmation.emailConfirmed', { email })}</p>
        </>
      ) : null}
      {result.status === 'waitlisted' && result.confirmBy === null ? (
        <>
          <h3 id="registration-confirmation-title" className="notice__title">
            {t('registration.confirmation.waitlistedTitle')}
          </h3>
          <p data-testid="waitlist-position">
            {result.waitlistPosition
              ? t('registration.confirmation.waitlisted', { position: result.waitlistPosition })
              : t('registration.confirmation.waitlistedNoPosition')}
          </p>
          <p>{t('registration.confirmation.emailWaitlisted', { email })}</p>
        </>
      ) : null}
      {result.status === 'already_registered' ? (
        <>
          <h3 id="registration-confirmation-title" className="notice__title">
            {t('registration.confirmation.alreadyTitle')}
          </h3>
          <p>{t('registration.confirmation.already', { email })}</p>
        </>
      ) : null}
      <p className="registration-confirmation__spam">{t('registration.confirmation.spam')}</p>
      <button type="button" className="button button--secondary" onClick={onRegisterAnother}>
        {t('registration.confirmation.another')}
      </button>
    </div>
  );
}
