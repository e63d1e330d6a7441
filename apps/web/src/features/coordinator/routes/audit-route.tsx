import type { AuditEntry } from '@bok/shared/audit';
import { getRouteApi } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { FilterBar } from '@/components/filter-bar';
import { SelectField } from '@/components/form-fields';
import { Loading } from '@/components/loading';
import { PageTitle } from '@/components/page-title';
import { QueryError } from '@/components/query-error';
import { useLocale } from '@/i18n/use-locale';
import { formatDateTime } from '@/lib/format-date';
import { useAuditLog } from '../api/audit';
import { useCoordinatorMeetings } from '../api/meetings';
import { CoordinatorGate } from '../components/coordinator-gate';

const route = getRouteApi('/koordinator/log');

/** The groups a coordinator filters by; each is a prefix of the actions in it. */
const actionGroups = ['meeting', 'registration', 'auth', 'api_key', 'agenda_template'] as const;

export function AuditRoute() {
  const { t } = useTranslation();
  return (
    <CoordinatorGate>
      <PageTitle title={t('coordinator.audit.title')} />
      <h1>{t('coordinator.audit.title')}</h1>
      <p>{t('coordinator.audit.intro')}</p>
      <AuditLog />
    </CoordinatorGate>
  );
}

function AuditLog() {
  const { t } = useTranslation();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const meetings = useCoordinatorMeetings();
  const log = useAuditLog({ meetingId: search.meetingId, action: search.action });
  const setSearch = (patch: { meetingId?: string | undefined; action?: string | undefined }) =>
    void navigate({ search: (current) => ({ ...current, ...patch }), replace: true });

  return (
    <>
      <FilterBar label={t('coordinator.audit.filters')}>
        <SelectField
          id="audit-meeting"
          label={t('coordinator.audit.meeting')}
          value={search.meetingId ?? ''}
          options={[
            ['', t('coordinator.audit.allMeetings')],
            ...(meetings.data?.items ?? []).map((meeting) => [meeting.id, meeting.title] as const),
          ]}
          onChange={(meetingId) => setSearch({ meetingId: meetingId || undefined })}
        />
        <SelectField
          id="audit-action"
          label={t('coordinator.audit.what')}
          value={search.action ?? ''}
          options={[
            ['', t('coordinator.audit.everything')],
            ...actionGroups.map((group) => [`${group}.`, t(`coordinator.audit.groups.${group}`)] as const),
          ]}
          onChange={(action) => setSearch({ action: action || undefined })}
        />
      </FilterBar>
      {log.isPending ? <Loading /> : null}
      {log.isError ? <QueryError error={log.error} onRetry={() => void log.refetch()} /> : null}
      {log.data ? <Entries entries={log.data.pages.flatMap((page) => page.items)} /> : null}
      {log.hasNextPage ? (
        <p>
          <button
            type="button"
            className="button button--secondary"
            disabled={log.isFetchingNextPage}
            onClick={() => void log.fetchNextPage()}
          >
            {t('coordinator.audit.older')}
          </button>
        </p>
      ) : null}
    </>
  );
}

/** "capacity.before: 5, capacity.after: 6": the entry's own record, in its own terms. */
function details(data: AuditEntry['data']): string {
  if (!data) return '';
  return Object.entries(data)
    .map(([key, value]) => `${key}: ${Array.isArray(value) ? value.join(', ') : String(value)}`)
    .join(' · ');
}

function Entries({ entries }: { entries: AuditEntry[] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  if (entries.length === 0) return <p>{t('coordinator.audit.empty')}</p>;
  // In words where we have them; an action added later shows as it is recorded.
  const labels = t('coordinator.audit.actions', { returnObjects: true }) as Record<string, string>;
  const actionLabel = (action: string) => labels[action.replace('.', '_')] ?? action;
  return (
    <div className="table-scroll table-scroll--wide">
      <table className="followers" data-testid="audit-log">
        <thead>
          <tr>
            <th scope="col">{t('coordinator.audit.when')}</th>
            <th scope="col">{t('coordinator.audit.who')}</th>
            <th scope="col">{t('coordinator.audit.what')}</th>
            <th scope="col">{t('coordinator.audit.about')}</th>
            <th scope="col">{t('coordinator.audit.details')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id} data-action={entry.action}>
              <td>
                <time dateTime={entry.at}>{formatDateTime(entry.at, locale)}</time>
              </td>
              <td>{entry.actor.name ?? t(`coordinator.audit.actors.${entry.actor.type}`)}</td>
              <td>{actionLabel(entry.action)}</td>
              <td>{entry.entityLabel ?? '–'}</td>
              <td className="audit__details">{details(entry.data)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
