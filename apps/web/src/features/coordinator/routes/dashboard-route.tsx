import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { Loading } from '@/components/loading';
import { PageTitle } from '@/components/page-title';
import { QueryError } from '@/components/query-error';
import { useLocale } from '@/i18n/use-locale';
import { formatDateTime } from '@/lib/format-date';
import { useCoordinatorMeetings } from '../api/meetings';
import { CoordinatorGate } from '../components/coordinator-gate';
import { NewMeetingForm } from '../components/new-meeting-form';

export function DashboardRoute() {
  return (
    <CoordinatorGate>
      <Meetings />
    </CoordinatorGate>
  );
}

/** Every meeting, drafts too: upcoming soonest first, then past ones. */
function Meetings() {
  const { t } = useTranslation();
  const locale = useLocale();
  const meetings = useCoordinatorMeetings();
  return (
    <>
      <PageTitle title={t('coordinator.meetings.title')} />
      <h1>{t('coordinator.meetings.title')}</h1>
      {meetings.isPending ? <Loading /> : null}
      {meetings.isError ? <QueryError error={meetings.error} onRetry={() => void meetings.refetch()} /> : null}
      {meetings.data && meetings.data.items.length === 0 ? <p>{t('coordinator.meetings.empty')}</p> : null}
      {meetings.data && meetings.data.items.length > 0 ? (
        <div className="table-scroll table-scroll--wide">
          <table className="followers" data-testid="coordinator-meetings">
            <thead>
              <tr>
                <th scope="col">{t('coordinator.meetings.date')}</th>
                <th scope="col">{t('coordinator.meetings.meeting')}</th>
                <th scope="col">{t('coordinator.meetings.status')}</th>
                <th scope="col">{t('coordinator.meetings.seats')}</th>
              </tr>
            </thead>
            <tbody>
              {meetings.data.items.map((meeting) => (
                <tr key={meeting.id} data-status={meeting.status}>
                  <td>
                    <time dateTime={meeting.startsAt}>{formatDateTime(meeting.startsAt, locale)}</time>
                  </td>
                  <td>
                    <Link to="/koordinator/moeder/$meetingId" params={{ meetingId: meeting.id }}>
                      {meeting.title}
                    </Link>
                  </td>
                  <td>{t(`coordinator.statuses.${meeting.status}`)}</td>
                  <td>{t('coordinator.meetings.seatsValue', meeting.seats)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <NewMeetingForm />
    </>
  );
}
