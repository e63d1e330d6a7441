import type { MeetingDetail } from '@bok/shared/meetings';
import { useTranslation } from 'react-i18next';
import { useLocale } from '@/i18n/use-locale';
import { formatDateTime } from '@/lib/format-date';

/**
 * Says, in words, what the server decided a visitor can do now: above the form while registration
 * is open, and in its place otherwise (save the date, full, closed, cancelled).
 */
export function RegistrationPanel({ meeting }: { meeting: MeetingDetail }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const state = meeting.registrationState;

  let message: string;
  if (state === 'not_yet_open') {
    message = meeting.registrationOpensAt
      ? t('registrationState.not_yet_open', { date: formatDateTime(meeting.registrationOpensAt, locale) })
      : t('registrationState.not_yet_open_undated');
  } else {
    message = t(`registrationState.${state}`);
  }

  const takesRegistrations = state === 'open' || state === 'waitlist';
  const showDeadline = takesRegistrations && meeting.registrationClosesAt;
  const rules = meeting.registrationRules;

  return (
    <div className={`registration-panel registration-panel--${state}`} data-testid="registration-state">
      <p className="registration-panel__state">{message}</p>
      {state === 'cancelled' && meeting.cancellationReason ? (
        <p>{t('meeting.cancellationReason', { reason: meeting.cancellationReason })}</p>
      ) : null}
      {showDeadline && meeting.registrationClosesAt ? (
        <p>{t('meeting.registrationDeadline', { date: formatDateTime(meeting.registrationClosesAt, locale) })}</p>
      ) : null}
      {takesRegistrations && rules.confirmationRequired ? (
        <p data-testid="rule-confirmation">{t('meeting.rules.confirmation', { count: rules.holdMinutes })}</p>
      ) : null}
      {takesRegistrations && rules.seatsPerLibrary !== null ? (
        <p data-testid="rule-seats-per-library">
          {t('meeting.rules.seatsPerLibrary', { count: rules.seatsPerLibrary })}
        </p>
      ) : null}
    </div>
  );
}
