import { type MeetingDetail, type MeetingStatus, meetingTransitions, meetingUpdateSchema } from '@bok/shared/meetings';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { CheckboxField, SubmitActions, TextField } from '@/components/form-fields';
import { Loading } from '@/components/loading';
import { PageTitle } from '@/components/page-title';
import { QueryError } from '@/components/query-error';
import { useLocale } from '@/i18n/use-locale';
import { instantToLocal, localToInstant } from '@/lib/datetime-local';
import { formatDateTime } from '@/lib/format-date';
import { useChangeMeetingStatus, useCoordinatorMeeting, useDeleteMeeting, useUpdateMeeting } from '../api/meetings';
import { AgendaEditor } from '../components/agenda-editor';
import { CoordinatorGate } from '../components/coordinator-gate';
import { DuplicateMeeting, MeetingDetailsForm } from '../components/meeting-details-form';
import { QuestionsEditor } from '../components/questions-editor';
import { requestProblem, useFieldErrors } from '../components/use-field-errors';

const route = getRouteApi('/koordinator/moeder/$meetingId');

export function MeetingAdminRoute() {
  const { meetingId } = route.useParams();
  return (
    <CoordinatorGate>
      <MeetingAdmin meetingId={meetingId} />
    </CoordinatorGate>
  );
}

function MeetingAdmin({ meetingId }: { meetingId: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const meeting = useCoordinatorMeeting(meetingId);
  if (meeting.isPending) return <Loading />;
  if (meeting.isError)
    return <QueryError error={meeting.error} onRetry={() => void meeting.refetch()} headingLevel={1} />;
  const data = meeting.data;
  return (
    <>
      <PageTitle title={data.title} />
      <h1>{data.title}</h1>
      <p>
        <time dateTime={data.startsAt}>{formatDateTime(data.startsAt, locale)}</time>
        {' · '}
        <Link to="/koordinator/moeder/$meetingId/deltagere" params={{ meetingId: data.id }}>
          {t('coordinator.nav.participants')}
        </Link>
        {' · '}
        <Link to="/koordinator/moeder/$meetingId/tjek-ind" params={{ meetingId: data.id }}>
          {t('coordinator.nav.checkIn')}
        </Link>
        {' · '}
        <Link to="/koordinator/log" search={{ meetingId: data.id }}>
          {t('coordinator.nav.history')}
        </Link>{' '}
        {' · '}
        <Link to="/koordinator/moeder/$meetingId/forhaandsvisning" params={{ meetingId: data.id }}>
          {t('coordinator.nav.preview')}
        </Link>
        {data.status !== 'draft' ? (
          <>
            {' · '}
            <Link to="/moeder/$meetingId" params={{ meetingId: data.slug }}>
              {t('coordinator.nav.publicPage')}
            </Link>
          </>
        ) : null}
      </p>
      <StatusActions meeting={data} />
      {data.status === 'draft' ? <DeleteDraft meeting={data} /> : null}
      <MeetingDetailsForm key={`details-${data.id}`} meeting={data} />
      <RegistrationSettings key={data.id} meeting={data} />
      {/* A new start moves the agenda on the server: the editor starts again from it. */}
      <AgendaEditor key={`agenda-${data.id}-${data.startsAt}`} meeting={data} />
      <QuestionsEditor key={`questions-${data.id}`} meeting={data} />
      <DuplicateMeeting key={`duplicate-${data.id}`} meeting={data} />
    </>
  );
}

/** The moves the meeting's life allows now, as buttons; cancelling asks first, with a reason. */
function StatusActions({ meeting }: { meeting: MeetingDetail }) {
  const { t } = useTranslation();
  const change = useChangeMeetingStatus();
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState('');
  const [moved, setMoved] = useState<MeetingStatus | null>(null);
  const next = meetingTransitions[meeting.status];
  const status = t(`coordinator.statuses.${meeting.status}`);

  const move = (to: Exclude<MeetingStatus, 'draft'>) =>
    change.mutate(
      { meetingId: meeting.id, change: { status: to, ...(to === 'cancelled' && reason.trim() ? { reason } : {}) } },
      {
        onSuccess: () => {
          setMoved(to);
          setCancelling(false);
        },
      },
    );

  return (
    <section aria-labelledby="meeting-status-heading" className="section">
      <h2 id="meeting-status-heading">{t('coordinator.meeting.statusHeading')}</h2>
      <p data-testid="meeting-status" data-status={meeting.status}>
        {t('coordinator.meeting.currentStatus', { status })}
      </p>
      {moved ? (
        <p role="status">{t('coordinator.meeting.changed', { status: t(`coordinator.statuses.${moved}`) })}</p>
      ) : null}
      {change.isError ? <ErrorAlert message={requestProblem(t, change.error)} /> : null}
      {next.length === 0 ? <p>{t('coordinator.meeting.final', { status })}</p> : null}
      {cancelling ? (
        <div className="cancel-registration__confirm">
          <TextField
            id="cancel-reason"
            name="reason"
            label={t('coordinator.meeting.cancelReason')}
            optional
            value={reason}
            onChange={setReason}
          />
          <div className="form-actions">
            <button type="button" className="button button--danger" onClick={() => move('cancelled')}>
              {t('coordinator.meeting.confirmCancel')}
            </button>
            <button type="button" className="button button--secondary" onClick={() => setCancelling(false)}>
              {t('coordinator.meeting.keep')}
            </button>
          </div>
        </div>
      ) : (
        <div className="form-actions">
          {next.map((to) =>
            to === 'draft' ? null : (
              <button
                key={to}
                type="button"
                className={to === 'cancelled' ? 'button button--danger-outline' : 'button'}
                disabled={change.isPending}
                onClick={() => (to === 'cancelled' ? setCancelling(true) : move(to))}
              >
                {t(`coordinator.meeting.moveTo.${to}`)}
              </button>
            ),
          )}
        </div>
      )}
    </section>
  );
}

/** A draft nobody has seen can go; the public's meetings are cancelled instead. Asks first. */
function DeleteDraft({ meeting }: { meeting: MeetingDetail }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const remove = useDeleteMeeting();
  const [asking, setAsking] = useState(false);
  return (
    <section aria-labelledby="delete-draft-heading" className="section" data-testid="delete-draft">
      <h2 id="delete-draft-heading">{t('coordinator.meeting.deleteHeading')}</h2>
      {remove.isError ? <ErrorAlert message={requestProblem(t, remove.error)} /> : null}
      {asking ? (
        <div className="form-actions">
          <button
            type="button"
            className="button button--danger"
            disabled={remove.isPending}
            onClick={() =>
              remove.mutate(meeting.id, { onSuccess: () => void navigate({ to: '/koordinator', replace: true }) })
            }
          >
            {t('coordinator.meeting.confirmDelete', { title: meeting.title })}
          </button>
          <button type="button" className="button button--secondary" onClick={() => setAsking(false)}>
            {t('coordinator.meeting.keepDraft')}
          </button>
        </div>
      ) : (
        <button type="button" className="button button--danger-outline" onClick={() => setAsking(true)}>
          {t('coordinator.meeting.delete')}
        </button>
      )}
    </section>
  );
}

function settingsOf(meeting: MeetingDetail) {
  const rules = meeting.registrationRules;
  return {
    capacity: String(meeting.seats.capacity),
    waitlistEnabled: meeting.waitlistEnabled,
    confirmationRequired: rules.confirmationRequired,
    holdMinutes: String(rules.holdMinutes),
    seatsPerLibrary: rules.seatsPerLibrary === null ? '' : String(rules.seatsPerLibrary),
    registrationOpensAt: meeting.registrationOpensAt ? instantToLocal(meeting.registrationOpensAt) : '',
    registrationClosesAt: meeting.registrationClosesAt ? instantToLocal(meeting.registrationClosesAt) : '',
  };
}

/** An emptied field clears the bound; an untouched one is not sent (no audit entry for nothing). */
function windowChanges(values: ReturnType<typeof settingsOf>, before: ReturnType<typeof settingsOf>) {
  const changes: Record<string, string | null | undefined> = {};
  for (const name of ['registrationOpensAt', 'registrationClosesAt'] as const) {
    if (values[name] !== before[name]) changes[name] = values[name] === '' ? null : localToInstant(values[name]);
  }
  return changes;
}

/** Capacity, waitlist, confirmation from the e-mail and the cap per library, checked with the shared schema. */
function RegistrationSettings({ meeting }: { meeting: MeetingDetail }) {
  const { t } = useTranslation();
  const id = useId();
  const update = useUpdateMeeting();
  const fields = useFieldErrors(t);
  const [values, setValues] = useState(() => settingsOf(meeting));
  const [saved, setSaved] = useState(false);
  const final = meeting.status === 'held' || meeting.status === 'cancelled';

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (update.isPending) return;
    setSaved(false);
    const changes = fields.check(meetingUpdateSchema, {
      capacity: Number(values.capacity),
      waitlistEnabled: values.waitlistEnabled,
      confirmationRequired: values.confirmationRequired,
      holdMinutes: Number(values.holdMinutes),
      seatsPerLibrary: values.seatsPerLibrary.trim() === '' ? null : Number(values.seatsPerLibrary),
      ...windowChanges(values, settingsOf(meeting)),
    });
    if (!changes) return;
    update.mutate(
      { meetingId: meeting.id, changes },
      {
        // As the server has them now (it may have promoted from the waitlist, say).
        onSuccess: (updated) => {
          setValues(settingsOf(updated));
          setSaved(true);
        },
        onError: (error) => fields.fromError(error),
      },
    );
  }

  return (
    <section aria-labelledby="meeting-settings-heading" className="section">
      <h2 id="meeting-settings-heading">{t('coordinator.meeting.settingsHeading')}</h2>
      <form className="form" noValidate onSubmit={onSubmit} data-testid="meeting-settings">
        {update.isError && fields.issues.length === 0 ? <ErrorAlert message={requestProblem(t, update.error)} /> : null}
        <TextField
          id={`${id}-capacity`}
          name="capacity"
          type="number"
          inputMode="numeric"
          label={t('coordinator.meetings.capacity')}
          value={values.capacity}
          onChange={(capacity) => setValues((current) => ({ ...current, capacity }))}
          error={fields.errorFor('capacity')}
        />
        <CheckboxField
          id={`${id}-waitlist`}
          label={t('coordinator.meeting.waitlistEnabled')}
          checked={values.waitlistEnabled}
          onChange={(waitlistEnabled) => setValues((current) => ({ ...current, waitlistEnabled }))}
        />
        <CheckboxField
          id={`${id}-confirmation`}
          label={t('coordinator.meeting.confirmationRequired')}
          hint={t('coordinator.meeting.confirmationHint')}
          checked={values.confirmationRequired}
          onChange={(confirmationRequired) => setValues((current) => ({ ...current, confirmationRequired }))}
        />
        {values.confirmationRequired ? (
          <TextField
            id={`${id}-hold`}
            name="holdMinutes"
            type="number"
            inputMode="numeric"
            label={t('coordinator.meeting.holdMinutes')}
            value={values.holdMinutes}
            onChange={(holdMinutes) => setValues((current) => ({ ...current, holdMinutes }))}
            error={fields.errorFor('holdMinutes')}
          />
        ) : null}
        <TextField
          id={`${id}-per-library`}
          name="seatsPerLibrary"
          type="number"
          inputMode="numeric"
          optional
          label={t('coordinator.meeting.seatsPerLibrary')}
          hint={t('coordinator.meeting.seatsPerLibraryHint')}
          value={values.seatsPerLibrary}
          onChange={(seatsPerLibrary) => setValues((current) => ({ ...current, seatsPerLibrary }))}
          error={fields.errorFor('seatsPerLibrary')}
        />
        <TextField
          id={`${id}-opens`}
          name="registrationOpensAt"
          type="datetime-local"
          optional
          label={t('coordinator.meeting.registrationOpensAt')}
          hint={t('coordinator.meeting.windowHint')}
          value={values.registrationOpensAt}
          onChange={(registrationOpensAt) => setValues((current) => ({ ...current, registrationOpensAt }))}
          error={fields.errorFor('registrationOpensAt')}
        />
        <TextField
          id={`${id}-closes`}
          name="registrationClosesAt"
          type="datetime-local"
          optional
          label={t('coordinator.meeting.registrationClosesAt')}
          value={values.registrationClosesAt}
          onChange={(registrationClosesAt) => setValues((current) => ({ ...current, registrationClosesAt }))}
          error={fields.errorFor('registrationClosesAt')}
        />
        <SubmitActions
          label={t('coordinator.meeting.save')}
          status={update.isPending ? t('coordinator.meeting.saving') : saved ? t('coordinator.meeting.saved') : ''}
          disabled={final}
        />
      </form>
    </section>
  );
}
