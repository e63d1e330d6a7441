import {
  type Participant,
  type ParticipantSort,
  participantAddSchema,
  participantSortKeys,
} from '@bok/shared/participants';
import { answerText, type Question } from '@bok/shared/questions';
import { registrationStatusSchema } from '@bok/shared/registrations';
import { getRouteApi, Link } from '@tanstack/react-router';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { FilterBar } from '@/components/filter-bar';
import { CheckboxField, SelectField, SubmitActions, TextAreaField, TextField } from '@/components/form-fields';
import { Loading } from '@/components/loading';
import { PageTitle } from '@/components/page-title';
import { QueryError } from '@/components/query-error';
import { useLibraries } from '@/features/registrations/api/get-libraries';
import { useLocale } from '@/i18n/use-locale';
import { ApiError } from '@/lib/api-client';
import { formatDateTime, formatTime } from '@/lib/format-date';
import { useCoordinatorMeeting } from '../api/meetings';
import {
  type ParticipantFilters,
  participantsCsvUrl,
  useAddParticipant,
  useCancelParticipant,
  useHeadcount,
  useMoveParticipant,
  useParticipants,
} from '../api/participants';
import { CoordinatorGate } from '../components/coordinator-gate';
import { MessageComposer } from '../components/message-composer';
import { requestProblem, useFieldErrors } from '../components/use-field-errors';

const route = getRouteApi('/koordinator/moeder/$meetingId/deltagere');

export function ParticipantsRoute() {
  const { meetingId } = route.useParams();
  return (
    <CoordinatorGate>
      <Participants meetingId={meetingId} />
    </CoordinatorGate>
  );
}

function Participants({ meetingId }: { meetingId: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const meeting = useCoordinatorMeeting(meetingId);
  const [filters, setFilters] = useState<ParticipantFilters>({ sort: 'name' });
  const participants = useParticipants(meetingId, filters);
  const [notify, setNotify] = useState(true);
  if (meeting.isPending) return <Loading />;
  if (meeting.isError)
    return <QueryError error={meeting.error} onRetry={() => void meeting.refetch()} headingLevel={1} />;
  const title = t('coordinator.participants.title', { meeting: meeting.data.title });
  return (
    <>
      <PageTitle title={title} />
      <h1>{title}</h1>
      <p className="no-print">
        <Link to="/koordinator/moeder/$meetingId" params={{ meetingId }}>
          {t('coordinator.participants.back')}
        </Link>
        {' · '}
        <Link to="/koordinator/moeder/$meetingId/tjek-ind" params={{ meetingId }}>
          {t('coordinator.participants.checkIn')}
        </Link>
      </p>
      {participants.data ? (
        <p data-testid="participant-counts">{t('coordinator.participants.counts', participants.data.counts)}</p>
      ) : null}
      <Filters filters={filters} onChange={setFilters} />
      <p className="form-actions no-print">
        <a className="button button--secondary" href={participantsCsvUrl(meetingId, filters, locale)} download>
          {t('coordinator.participants.csv')}
        </a>
        <button type="button" className="button button--secondary" onClick={() => window.print()}>
          {t('coordinator.participants.print')}
        </button>
      </p>
      <div className="no-print">
        <CheckboxField
          id="participants-notify"
          label={t('coordinator.participants.notify')}
          checked={notify}
          onChange={setNotify}
        />
      </div>
      {participants.isPending ? <Loading /> : null}
      {participants.isError ? (
        <QueryError error={participants.error} onRetry={() => void participants.refetch()} />
      ) : null}
      {participants.data ? (
        <ParticipantTable
          meetingId={meetingId}
          items={participants.data.items}
          questions={meeting.data.questions}
          notify={notify}
        />
      ) : null}
      <Headcount meetingId={meetingId} />
      <MessageComposer meetingId={meetingId} />
      <AddParticipant meetingId={meetingId} />
    </>
  );
}

function Filters({ filters, onChange }: { filters: ParticipantFilters; onChange(next: ParticipantFilters): void }) {
  const { t } = useTranslation();
  const libraries = useLibraries();
  const set = (patch: ParticipantFilters) => onChange({ ...filters, ...patch });
  return (
    <FilterBar label={t('coordinator.participants.filters')} className="no-print">
      <div className="field">
        <label htmlFor="participants-q" className="field__label">
          {t('coordinator.participants.search')}
        </label>
        <input
          id="participants-q"
          type="search"
          className="field__input"
          value={filters.q ?? ''}
          onChange={(event) => set({ q: event.target.value || undefined })}
        />
      </div>
      <SelectField
        id="participants-status"
        label={t('coordinator.participants.status')}
        value={filters.status ?? ''}
        options={[
          ['', t('coordinator.participants.all')],
          ...registrationStatusSchema.options.map(
            (status) => [status, t(`coordinator.participants.statuses.${status}`)] as [string, string],
          ),
        ]}
        onChange={(status) => set({ status: status ? registrationStatusSchema.parse(status) : undefined })}
      />
      <SelectField
        id="participants-library"
        label={t('coordinator.participants.library')}
        value={filters.libraryId ?? ''}
        options={[
          ['', t('coordinator.participants.all')],
          ...(libraries.data?.items ?? []).map((library) => [library.id, library.name] as [string, string]),
        ]}
        onChange={(libraryId) => set({ libraryId: libraryId || undefined })}
      />
      <SelectField
        id="participants-checked-in"
        label={t('coordinator.participants.checkedIn')}
        value={filters.checkedIn === undefined ? '' : String(filters.checkedIn)}
        options={[
          ['', t('coordinator.participants.all')],
          ['true', t('coordinator.participants.arrived')],
          ['false', t('coordinator.participants.notArrived')],
        ]}
        onChange={(value) => set({ checkedIn: value === '' ? undefined : value === 'true' })}
      />
      <SelectField
        id="participants-sort"
        label={t('coordinator.participants.sort')}
        value={filters.sort ?? 'name'}
        options={participantSortKeys.flatMap((key) => [
          [key, t(`coordinator.participants.sortBy.${key}`)] as [string, string],
          [`-${key}`, `${t(`coordinator.participants.sortBy.${key}`)} ${t('coordinator.participants.descending')}`] as [
            string,
            string,
          ],
        ])}
        onChange={(sort) => set({ sort: sort as ParticipantSort })}
      />
    </FilterBar>
  );
}

/** A refusal for a full meeting or library: the coordinator may then seat them knowingly. */
const isFull = (error: unknown) =>
  error instanceof ApiError && error.fieldErrors.some((field) => field.field === 'overrideCapacity');

function ParticipantTable({
  meetingId,
  items,
  questions,
  notify,
}: {
  meetingId: string;
  items: Participant[];
  questions: readonly Question[];
  notify: boolean;
}) {
  const { t } = useTranslation();
  const yesNo = { yes: t('registration.yes'), no: t('registration.no') };
  const locale = useLocale();
  const move = useMoveParticipant(meetingId);
  const cancel = useCancelParticipant(meetingId);
  const [asking, setAsking] = useState<{ id: string; action: 'cancel' | 'override' } | null>(null);
  const failed = move.isError && !isFull(move.error) ? move.error : cancel.isError ? cancel.error : null;

  const seat = (person: Participant, overrideCapacity = false) =>
    move.mutate(
      { id: person.id, move: { to: 'confirmed', overrideCapacity, notify } },
      {
        onSuccess: () => setAsking(null),
        onError: (error) => {
          if (isFull(error)) setAsking({ id: person.id, action: 'override' });
        },
      },
    );

  if (items.length === 0) return <p>{t('coordinator.participants.empty')}</p>;
  return (
    <>
      {failed ? <ErrorAlert message={requestProblem(t, failed)} /> : null}
      <div className="table-scroll table-scroll--wide">
        <table className="followers participants" data-testid="participants">
          <thead>
            <tr>
              <th scope="col">{t('coordinator.participants.name')}</th>
              <th scope="col">{t('coordinator.participants.library')}</th>
              <th scope="col">{t('coordinator.participants.status')}</th>
              <th scope="col">{t('coordinator.participants.checkedIn')}</th>
              <th scope="col">{t('coordinator.participants.needs')}</th>
              {questions.length ? <th scope="col">{t('coordinator.participants.answers')}</th> : null}
              <th scope="col" className="no-print">
                {t('coordinator.participants.actions')}
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((person) => (
              <tr key={person.id} data-status={person.status}>
                <td>
                  {person.name}
                  <br />
                  <span className="participants__email">{person.email}</span>
                </td>
                <td>{person.library?.name ?? person.libraryName ?? '–'}</td>
                <td>
                  {t(`coordinator.participants.statuses.${person.status}`)}
                  {person.waitlistPosition ? ` (${person.waitlistPosition})` : ''}
                  {person.holdExpiresAt && person.status !== 'cancelled' ? (
                    <>
                      <br />
                      {t('coordinator.participants.held', { time: formatDateTime(person.holdExpiresAt, locale) })}
                    </>
                  ) : null}
                </td>
                <td>{person.checkedInAt ? formatTime(person.checkedInAt, locale) : '–'}</td>
                <td>{[person.dietaryNeeds, person.accessibilityNeeds].filter(Boolean).join(' · ') || '–'}</td>
                {questions.length ? (
                  <td>
                    {questions
                      .filter((question) => person.answers[question.id] !== undefined)
                      .map((question) => (
                        <span key={question.id} className="participants__answer">
                          {question.label}: {answerText(person.answers[question.id], yesNo)}
                        </span>
                      ))}
                  </td>
                ) : null}
                <td className="no-print">
                  {person.status === 'cancelled' ? null : asking?.id === person.id ? (
                    <div className="form-actions">
                      {asking.action === 'override' ? (
                        <button type="button" className="button" onClick={() => seat(person, true)}>
                          {t('coordinator.participants.seatAnyway', { name: person.name })}
                        </button>
                      ) : (
                        <button
                          type="button"
                          className="button button--danger"
                          onClick={() => cancel.mutate({ id: person.id, notify }, { onSuccess: () => setAsking(null) })}
                        >
                          {t('coordinator.participants.confirmCancel', { name: person.name })}
                        </button>
                      )}
                      <button type="button" className="button button--secondary" onClick={() => setAsking(null)}>
                        {t('coordinator.participants.keep')}
                      </button>
                    </div>
                  ) : (
                    <div className="form-actions">
                      {person.status === 'waitlisted' ? (
                        <button type="button" className="button button--secondary" onClick={() => seat(person)}>
                          {t('coordinator.participants.seat', { name: person.name })}
                        </button>
                      ) : (
                        <button
                          type="button"
                          className="button button--secondary"
                          onClick={() => move.mutate({ id: person.id, move: { to: 'waitlisted', notify } })}
                        >
                          {t('coordinator.participants.toWaitlist', { name: person.name })}
                        </button>
                      )}
                      <button
                        type="button"
                        className="button button--danger-outline"
                        onClick={() => setAsking({ id: person.id, action: 'cancel' })}
                      >
                        {t('coordinator.participants.cancel', { name: person.name })}
                      </button>
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {asking?.action === 'override' ? (
        <p role="status" className="notice notice--waitlist">
          {move.error instanceof ApiError && move.error.problem?.detail
            ? t('coordinator.participants.full', { detail: move.error.problem.detail })
            : null}
        </p>
      ) : null}
    </>
  );
}

function Headcount({ meetingId }: { meetingId: string }) {
  const { t } = useTranslation();
  const headcount = useHeadcount(meetingId);
  const id = useId();
  return (
    <section aria-labelledby={`${id}-heading`} className="section" data-testid="headcount">
      <h2 id={`${id}-heading`}>{t('coordinator.participants.headcount')}</h2>
      {headcount.isPending ? <Loading /> : null}
      {headcount.isError ? <QueryError error={headcount.error} onRetry={() => void headcount.refetch()} /> : null}
      {headcount.data ? (
        <>
          <p>{t('coordinator.participants.headcountSummary', headcount.data)}</p>
          <div className="table-scroll">
            <table className="followers">
              <caption>{t('coordinator.participants.byLibrary')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('coordinator.participants.library')}</th>
                  <th scope="col">{t('coordinator.participants.seats')}</th>
                </tr>
              </thead>
              <tbody>
                {headcount.data.byLibrary.map((row) => (
                  <tr key={row.library}>
                    <td>{row.library || t('coordinator.participants.noLibrary')}</td>
                    <td>{row.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <NeedList heading={t('coordinator.participants.dietary')} needs={headcount.data.dietaryNeeds} />
          <NeedList heading={t('coordinator.participants.accessibility')} needs={headcount.data.accessibilityNeeds} />
          {headcount.data.answers.map((question) => (
            <NeedList
              key={question.questionId}
              heading={question.label}
              needs={question.counts.map(({ answer, count }) => ({
                need: answer === 'true' ? t('registration.yes') : answer === 'false' ? t('registration.no') : answer,
                count,
              }))}
            />
          ))}
        </>
      ) : null}
    </section>
  );
}

function NeedList({ heading, needs }: { heading: string; needs: Array<{ need: string; count: number }> }) {
  const { t } = useTranslation();
  return (
    <>
      <h3>{heading}</h3>
      {needs.length === 0 ? (
        <p>{t('coordinator.participants.noNeeds')}</p>
      ) : (
        <ul>
          {needs.map((need) => (
            <li key={need.need}>
              {need.need}: {need.count}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

const emptyPerson = {
  name: '',
  email: '',
  libraryId: '',
  libraryName: '',
  dietaryNeeds: '',
  accessibilityNeeds: '',
  notify: true,
  overrideCapacity: false,
};

/** Someone who phoned, or stands at the door: a seat when one is free, else the waitlist. */
function AddParticipant({ meetingId }: { meetingId: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const id = useId();
  const add = useAddParticipant(meetingId);
  const libraries = useLibraries();
  const fields = useFieldErrors(t);
  const [values, setValues] = useState(emptyPerson);
  const [added, setAdded] = useState<Participant | null>(null);
  const set = (name: keyof typeof values) => (value: string) => setValues((current) => ({ ...current, [name]: value }));

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (add.isPending) return;
    const person = fields.check(participantAddSchema, {
      name: values.name,
      email: values.email,
      libraryId: values.libraryId || undefined,
      libraryName: values.libraryId ? undefined : values.libraryName,
      dietaryNeeds: values.dietaryNeeds,
      accessibilityNeeds: values.accessibilityNeeds,
      locale,
      notify: values.notify,
      overrideCapacity: values.overrideCapacity,
    });
    if (!person) return;
    add.mutate(person, {
      onSuccess: (participant) => {
        setAdded(participant);
        setValues(emptyPerson);
      },
      onError: (error) => fields.fromError(error),
    });
  }

  return (
    <section aria-labelledby={`${id}-heading`} className="section no-print">
      <h2 id={`${id}-heading`}>{t('coordinator.participants.addHeading')}</h2>
      <form className="form" noValidate onSubmit={onSubmit} data-testid="add-participant">
        {add.isError && fields.issues.length === 0 ? <ErrorAlert message={requestProblem(t, add.error)} /> : null}
        <TextField
          id={`${id}-name`}
          name="name"
          label={t('coordinator.participants.name')}
          value={values.name}
          onChange={set('name')}
          error={fields.errorFor('name')}
        />
        <TextField
          id={`${id}-email`}
          name="email"
          type="email"
          label={t('coordinator.participants.email')}
          value={values.email}
          onChange={set('email')}
          error={
            fields.issues.some((issue) => issue.field === 'email' && issue.message === 'already_registered')
              ? t('coordinator.participants.alreadyRegistered')
              : fields.errorFor('email')
          }
        />
        <SelectField
          id={`${id}-library`}
          label={t('coordinator.participants.library')}
          value={values.libraryId}
          options={[
            ['', t('coordinator.participants.otherLibrary')],
            ...(libraries.data?.items ?? []).map((library) => [library.id, library.name] as const),
          ]}
          onChange={set('libraryId')}
        />
        {values.libraryId ? null : (
          <TextField
            id={`${id}-library-name`}
            name="libraryName"
            optional
            label={t('coordinator.participants.libraryName')}
            value={values.libraryName}
            onChange={set('libraryName')}
            error={fields.errorFor('libraryName')}
          />
        )}
        <TextAreaField
          id={`${id}-dietary`}
          name="dietaryNeeds"
          optional
          rows={2}
          label={t('coordinator.participants.dietary')}
          value={values.dietaryNeeds}
          onChange={set('dietaryNeeds')}
          error={fields.errorFor('dietaryNeeds')}
        />
        <TextAreaField
          id={`${id}-accessibility`}
          name="accessibilityNeeds"
          optional
          rows={2}
          label={t('coordinator.participants.accessibility')}
          value={values.accessibilityNeeds}
          onChange={set('accessibilityNeeds')}
          error={fields.errorFor('accessibilityNeeds')}
        />
        <CheckboxField
          id={`${id}-notify`}
          label={t('coordinator.participants.notifyAdded')}
          checked={values.notify}
          onChange={(notify) => setValues((current) => ({ ...current, notify }))}
        />
        <CheckboxField
          id={`${id}-override`}
          label={t('coordinator.participants.override')}
          hint={t('coordinator.participants.overrideHint')}
          checked={values.overrideCapacity}
          onChange={(overrideCapacity) => setValues((current) => ({ ...current, overrideCapacity }))}
        />
        <SubmitActions
          label={t('coordinator.participants.add')}
          status={
            add.isPending
              ? t('coordinator.account.saving')
              : added
                ? t(
                    added.status === 'confirmed'
                      ? 'coordinator.participants.addedSeat'
                      : 'coordinator.participants.addedWaitlist',
                    { name: added.name, position: added.waitlistPosition },
                  )
                : ''
          }
        />
      </form>
    </section>
  );
}
