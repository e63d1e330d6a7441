import { checkInStateSchema, type Participant, type ParticipantList } from '@bok/shared/participants';
import { useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading } from '@/components/loading';
import { PageTitle } from '@/components/page-title';
import { QueryError } from '@/components/query-error';
import { useLocale } from '@/i18n/use-locale';
import { ApiError } from '@/lib/api-client';
import { formatTime } from '@/lib/format-date';
import { participantsKey, useParticipants } from '../api/participants';
import { coordinatorRequest } from '../api/session';
import { CoordinatorGate } from '../components/coordinator-gate';
import { type CheckInChange, createCheckInQueue, type SendOutcome } from './check-in-queue';

const route = getRouteApi('/koordinator/moeder/$meetingId/tjek-ind');

/** While changes wait for the connection, how often the phone tries again. */
const retryEveryMs = 10_000;

export function CheckInRoute() {
  const { meetingId } = route.useParams();
  return (
    <CoordinatorGate>
      <CheckIn meetingId={meetingId} />
    </CoordinatorGate>
  );
}

function useOnline() {
  return useSyncExternalStore(
    (notify) => {
      window.addEventListener('online', notify);
      window.addEventListener('offline', notify);
      return () => {
        window.removeEventListener('online', notify);
        window.removeEventListener('offline', notify);
      };
    },
    () => navigator.onLine,
  );
}

/** Names compared as people type them on any keyboard: any case, "koge" for "Køge", "rene" for "René". */
const searchable = (text: string) =>
  text
    .toLocaleLowerCase('da')
    .replace(/ø/g, 'o')
    .replace(/æ/g, 'ae')
    .replace(/å/g, 'a')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '');

/**
 * The door's view, for a phone in one hand: type a few letters, tap the big button. A check-in is
 * recorded on the phone first and sent when it can be, so a dropped connection stops nothing.
 */
function CheckIn({ meetingId }: { meetingId: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const queryClient = useQueryClient();
  const participants = useParticipants(meetingId, { sort: 'name' });
  const queue = useMemo(() => createCheckInQueue(meetingId), [meetingId]);
  const queued = useSyncExternalStore(queue.subscribe, queue.changes);
  const online = useOnline();
  const [search, setSearch] = useState('');
  const [last, setLast] = useState<{ change: CheckInChange; name: string } | null>(null);
  const [refused, setRefused] = useState<string[]>([]);

  const send = useCallback(
    async (change: CheckInChange): Promise<SendOutcome> => {
      const path = `/registrations/${encodeURIComponent(change.registrationId)}/check-in${change.checkedIn ? '' : '/undo'}`;
      try {
        const state = await coordinatorRequest(queryClient, path, checkInStateSchema, {
          method: 'POST',
          body: { at: change.at },
        });
        // The list shows the server's answer at once: read again later, it may fail (the connection
        // dropped again) and must not show the person as not arrived meanwhile.
        queryClient.setQueriesData<ParticipantList>({ queryKey: [...participantsKey(meetingId), 'list'] }, (list) =>
          list
            ? {
                ...list,
                items: list.items.map((item) =>
                  item.id === state.id ? { ...item, checkedInAt: state.checkedInAt } : item,
                ),
              }
            : list,
        );
        return 'sent';
      } catch (error) {
        // No connection, the server busy, limiting or restarting, or the session over: kept, tried again.
        const status = error instanceof ApiError && error.kind === 'http' ? (error.status ?? 0) : 0;
        if (status === 0 || status === 401 || status === 408 || status === 429 || status >= 500) return 'retry';
        return { refused: (error as ApiError).problem?.detail ?? t('coordinator.errors.generic') };
      }
    },
    [queryClient, t, meetingId],
  );

  const flush = useCallback(async () => {
    const result = await queue.flush(send);
    if (result.refused.length) {
      const names = new Map((participants.data?.items ?? []).map((person) => [person.id, person.name]));
      setRefused(
        result.refused.map(({ change, reason }) => `${names.get(change.registrationId) ?? ''}: ${reason}`.trim()),
      );
    }
    if (result.sent || result.refused.length)
      void queryClient.invalidateQueries({ queryKey: participantsKey(meetingId) });
  }, [queue, send, queryClient, meetingId, participants.data]);

  // Sent at once when there is a connection, and again whenever it comes back.
  useEffect(() => {
    if (!online || queued.length === 0) return;
    void flush();
    const timer = window.setInterval(() => void flush(), retryEveryMs);
    return () => window.clearInterval(timer);
  }, [online, queued.length, flush]);

  if (participants.isPending) return <Loading />;
  if (participants.isError)
    return <QueryError error={participants.error} onRetry={() => void participants.refetch()} headingLevel={1} />;

  const people = participants.data.items.filter((person) => person.status !== 'cancelled');
  const stateOf = (person: Participant) => queue.checkedInAt(person.id, person.checkedInAt);
  const arrived = people.filter((person) => person.status === 'confirmed' && stateOf(person) !== null).length;
  const seated = people.filter((person) => person.status === 'confirmed').length;
  const wanted = searchable(search.trim());
  const shown = wanted
    ? people.filter((person) =>
        searchable(`${person.name} ${person.library?.name ?? person.libraryName ?? ''} ${person.email}`).includes(
          wanted,
        ),
      )
    : people;

  function change(person: Participant, checkedIn: boolean) {
    const queuedChange = queue.add({ registrationId: person.id, checkedIn, at: new Date().toISOString() });
    setLast({ change: queuedChange, name: person.name });
    setRefused([]);
  }

  return (
    <div className="check-in">
      <PageTitle title={t('coordinator.checkIn.title')} />
      <h1>{t('coordinator.checkIn.title')}</h1>
      <p className="check-in__counts" data-testid="check-in-counts">
        {t('coordinator.checkIn.counts', { arrived, seated })}
      </p>
      <p>
        <Link to="/koordinator/moeder/$meetingId/deltagere" params={{ meetingId }}>
          {t('coordinator.checkIn.toParticipants')}
        </Link>
      </p>
      {!online || queued.length > 0 ? (
        <p className="notice notice--waitlist" role="status" data-testid="check-in-pending">
          {online
            ? t('coordinator.checkIn.sending', { count: queued.length })
            : t('coordinator.checkIn.offline', { count: queued.length })}
        </p>
      ) : null}
      {refused.length ? (
        <div className="notice notice--error" role="alert">
          <p className="notice__title">{t('coordinator.checkIn.refused')}</p>
          <ul>
            {refused.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="field check-in__search">
        <label htmlFor="check-in-search" className="field__label">
          {t('coordinator.checkIn.search')}
        </label>
        <input
          id="check-in-search"
          type="search"
          className="field__input"
          autoComplete="off"
          enterKeyHint="search"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
      </div>
      <p className="visually-hidden" role="status">
        {t('coordinator.checkIn.found', { count: shown.length })}
      </p>
      <ul className="check-in__list" data-testid="check-in-list">
        {shown.map((person) => {
          const checkedInAt = stateOf(person);
          const library = person.library?.name ?? person.libraryName;
          return (
            <li key={person.id} className="check-in__person" data-checked-in={checkedInAt ? 'true' : 'false'}>
              <div className="check-in__who">
                <span className="check-in__name">{person.name}</span>
                {library ? <span className="check-in__library">{library}</span> : null}
                {checkedInAt ? (
                  <span className="check-in__state">
                    {t('coordinator.checkIn.arrivedAt', { time: formatTime(checkedInAt, locale) })}
                  </span>
                ) : null}
              </div>
              {person.status === 'waitlisted' ? (
                <span className="check-in__state">{t('coordinator.checkIn.waitlisted')}</span>
              ) : checkedInAt ? (
                <button
                  type="button"
                  className="button button--secondary check-in__button"
                  onClick={() => change(person, false)}
                >
                  {t('coordinator.checkIn.undoFor', { name: person.name })}
                </button>
              ) : (
                <button type="button" className="button check-in__button" onClick={() => change(person, true)}>
                  {t('coordinator.checkIn.checkInFor', { name: person.name })}
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {shown.length === 0 ? <p>{t('coordinator.checkIn.none')}</p> : null}
      {last ? (
        <div className="check-in__last" role="status" data-testid="check-in-last">
          <span>
            {last.change.checkedIn
              ? t('coordinator.checkIn.checkedIn', { name: last.name })
              : t('coordinator.checkIn.undone', { name: last.name })}
          </span>
          {last.change.checkedIn ? (
            <button
              type="button"
              className="button button--secondary"
              onClick={() => {
                const person = people.find((candidate) => candidate.id === last.change.registrationId);
                if (person) change(person, false);
              }}
            >
              {t('coordinator.checkIn.undo')}
            </button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
