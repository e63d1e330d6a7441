import { getRouteApi, Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { Loading } from '@/components/loading';
import { QueryError } from '@/components/query-error';
import { MeetingDetails } from '@/features/meetings/components/meeting-details';
import { useCoordinatorMeeting } from '../api/meetings';
import { CoordinatorGate } from '../components/coordinator-gate';

const route = getRouteApi('/koordinator/moeder/$meetingId/forhaandsvisning');

/**
 * A meeting as staff will see it, drafts too: the public page's own component on the coordinator's
 * copy of the meeting, without the registration form (nobody registers from a preview).
 */
export function MeetingPreviewRoute() {
  const { meetingId } = route.useParams();
  return (
    <CoordinatorGate>
      <Preview meetingId={meetingId} />
    </CoordinatorGate>
  );
}

function Preview({ meetingId }: { meetingId: string }) {
  const { t } = useTranslation();
  const meeting = useCoordinatorMeeting(meetingId);
  if (meeting.isPending) return <Loading />;
  if (meeting.isError)
    return <QueryError error={meeting.error} onRetry={() => void meeting.refetch()} headingLevel={1} />;
  return (
    <>
      <aside className="notice" aria-labelledby="preview-notice" data-testid="preview-notice">
        <p id="preview-notice" className="notice__title">
          {t('coordinator.preview.title')}
        </p>
        <p>{t(meeting.data.status === 'draft' ? 'coordinator.preview.draft' : 'coordinator.preview.published')}</p>
        <p>
          <Link to="/koordinator/moeder/$meetingId" params={{ meetingId }}>
            {t('coordinator.preview.back')}
          </Link>
        </p>
      </aside>
      <MeetingDetails meeting={meeting.data} preview />
    </>
  );
}
