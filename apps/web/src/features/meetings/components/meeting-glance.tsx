import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { Loading } from '@/components/loading';
import { MeetingWhen } from '@/components/meeting-when';
import { VenueName } from '@/components/venue';
import { meetingQueryOptions } from '../api/get-meeting';

/** A meeting in a few lines, with a link to its page: for pages about something else (a registration). */
export function MeetingGlance({ idOrSlug }: { idOrSlug: string }) {
  const { t } = useTranslation();
  // Seats are not shown here, so there is nothing to poll for.
  const meeting = useQuery({ ...meetingQueryOptions(idOrSlug), refetchInterval: false });

  if (meeting.isPending) return <Loading />;
  if (!meeting.data) return <p className="empty">{t('meeting.glanceFailed')}</p>;
  const data = meeting.data;
  return (
    <section className="meeting-glance" aria-labelledby="meeting-glance-title" data-testid="meeting-glance">
      <p className="meeting-glance__line meeting-glance__kicker">{t('meeting.glanceKicker')}</p>
      <h2 id="meeting-glance-title" className="meeting-glance__title">
        <Link to="/moeder/$meetingId" params={{ meetingId: data.slug }}>
          {data.title}
        </Link>
      </h2>
      <p className="meeting-glance__line">
        <MeetingWhen startsAt={data.startsAt} endsAt={data.endsAt} />
      </p>
      <p className="meeting-glance__line">
        <VenueName venue={data.venue} />
      </p>
      {data.status === 'cancelled' ? (
        <p className="meeting-glance__line meeting-glance__cancelled">{t('meeting.cancelled')}</p>
      ) : null}
    </section>
  );
}
