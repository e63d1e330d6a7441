import type { MeetingSummary } from '@bok/shared/meetings';
import { useTranslation } from 'react-i18next';

type Venue = MeetingSummary['venue'];

/** One line: the library (and room), for cards. */
export function VenueName({ venue }: { venue: Venue }) {
  const { t } = useTranslation();
  const parts = [venue.library?.name, venue.room].filter(Boolean);
  return <>{parts.length > 0 ? parts.join(', ') : t('meeting.venueTbd')}</>;
}

/** The library, room and postal address, for the meeting page. */
export function VenueAddress({ venue }: { venue: Venue }) {
  const { t } = useTranslation();
  const library = venue.library;
  if (!library && !venue.room) return <p>{t('meeting.venueTbd')}</p>;
  const town = [library?.postalCode, library?.city].filter(Boolean).join(' ');
  return (
    <div className="venue">
      {library ? <p className="venue__name">{library.name}</p> : null}
      {venue.room ? <p>{venue.room}</p> : null}
      {library?.street ? <p>{library.street}</p> : null}
      {town ? <p>{town}</p> : null}
      {venue.note ? <p className="venue__note">{venue.note}</p> : null}
    </div>
  );
}
