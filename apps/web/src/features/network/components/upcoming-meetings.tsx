import type { MeetingSummary } from '@bok/shared/meetings';
import { useTranslation } from 'react-i18next';
import { MeetingCard } from '@/components/meeting-card';

export function UpcomingMeetings({ meetings }: { meetings: MeetingSummary[] }) {
  const { t } = useTranslation();
  if (meetings.length === 0) return <p className="empty">{t('network.upcomingEmpty')}</p>;
  return (
    <ul className="card-list">
      {meetings.map((meeting) => (
        <li key={meeting.id}>
          <MeetingCard meeting={meeting} headingLevel={3} variant="upcoming" />
        </li>
      ))}
    </ul>
  );
}
