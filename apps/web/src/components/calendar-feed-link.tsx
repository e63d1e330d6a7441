import { useTranslation } from 'react-i18next';
import { apiUrl } from '@/lib/api-client';

/** The subscribable feed of all public meetings: a calendar that follows it stays up to date. */
export function CalendarFeedLink() {
  const { t } = useTranslation();
  return (
    <p className="calendar-feed" data-testid="calendar-feed">
      <a href={apiUrl('/calendar.ics')} type="text/calendar">
        {t('calendar.feed')}
      </a>
      <span className="calendar-feed__hint">{t('calendar.feedHint')}</span>
    </p>
  );
}
