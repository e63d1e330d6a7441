import { calendarLinks, venueText } from '@bok/shared/calendar-links';
import type { MeetingDetail } from '@bok/shared/meetings';
import { useTranslation } from 'react-i18next';
import { apiUrl } from '@/lib/api-client';

/** The meeting's page, absolute, for calendar entries that should lead back here. */
function meetingPageUrl(slug: string): string {
  return new URL(`/moeder/${slug}`, window.location.origin).href;
}

/** "Add to calendar": the .ics file for desktop calendars, and the web calendars that take a link. */
export function AddToCalendar({ meeting }: { meeting: MeetingDetail }) {
  const { t } = useTranslation();
  const links = calendarLinks({
    title: meeting.title,
    startsAt: meeting.startsAt,
    endsAt: meeting.endsAt,
    description: meeting.summary,
    location: venueText(meeting.venue) || null,
    url: meetingPageUrl(meeting.slug),
  });
  const opensNew = <span className="visually-hidden"> {t('form.opensInNewWindow')}</span>;
  return (
    <div className="add-to-calendar" data-testid="add-to-calendar">
      <h3 id="add-to-calendar-heading" className="add-to-calendar__title">
        {t('calendar.addTitle')}
      </h3>
      <ul className="add-to-calendar__links" aria-labelledby="add-to-calendar-heading">
        <li>
          <a
            href={apiUrl(`/meetings/${encodeURIComponent(meeting.id)}/calendar.ics`)}
            download={`${meeting.slug}.ics`}
            type="text/calendar"
          >
            {t('calendar.ics')}
          </a>
        </li>
        <li>
          <a href={links.google} target="_blank" rel="noopener noreferrer">
            {t('calendar.google')}
            {opensNew}
          </a>
        </li>
        <li>
          <a href={links.office365} target="_blank" rel="noopener noreferrer">
            {t('calendar.office365')}
            {opensNew}
          </a>
        </li>
        <li>
          <a href={links.outlook} target="_blank" rel="noopener noreferrer">
            {t('calendar.outlook')}
            {opensNew}
          </a>
        </li>
      </ul>
    </div>
  );
}
