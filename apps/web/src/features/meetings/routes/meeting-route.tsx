import type { MeetingDetail } from '@bok/shared/meetings';
import { getRouteApi, Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading } from '@/components/loading';
import { NotFound } from '@/components/not-found';
import { QueryError } from '@/components/query-error';
import { ApiError } from '@/lib/api-client';
import { useMeeting } from '../api/get-meeting';
import { MeetingDetails } from '../components/meeting-details';

const route = getRouteApi('/moeder/$meetingId');

type Props = {
  /** Draws the registration form for the meeting; the page composes it in from its own feature. */
  registration?: (meeting: MeetingDetail) => ReactNode;
};

export function MeetingRoute({ registration }: Props) {
  const { t } = useTranslation();
  const { meetingId } = route.useParams();
  const meeting = useMeeting(meetingId);

  if (meeting.data) return <MeetingDetails meeting={meeting.data} registration={registration?.(meeting.data)} />;
  if (meeting.isError) {
    if (meeting.error instanceof ApiError && meeting.error.status === 404) {
      return (
        <NotFound title={t('meeting.notFoundTitle')} body={t('meeting.notFoundBody')}>
          <li>
            <Link to="/arkiv">{t('meeting.toArchive')}</Link>
          </li>
        </NotFound>
      );
    }
    return <QueryError error={meeting.error} onRetry={() => void meeting.refetch()} headingLevel={1} />;
  }
  return <Loading />;
}
