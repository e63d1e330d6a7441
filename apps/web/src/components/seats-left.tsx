import type { RegistrationState, Seats } from '@bok/shared/meetings';
import { useTranslation } from 'react-i18next';

type Props = { seats: Seats; registrationState: RegistrationState };

export function SeatsLeft({ seats, registrationState }: Props) {
  const { t } = useTranslation();
  // Seat counts mean nothing once registration is over or the meeting is off.
  if (registrationState === 'cancelled' || registrationState === 'closed') return null;

  let text: string;
  if (registrationState === 'not_yet_open') text = t('seats.capacity', { count: seats.capacity });
  else if (seats.available > 0) text = t('seats.available', { count: seats.available, capacity: seats.capacity });
  else text = t('seats.none', { capacity: seats.capacity });

  return (
    <p className="seats" data-testid="seats">
      <span className="seats__count">{text}</span>
      {seats.waitlisted > 0 ? (
        <span className="seats__waitlist">{t('seats.waitlisted', { count: seats.waitlisted })}</span>
      ) : null}
    </p>
  );
}
