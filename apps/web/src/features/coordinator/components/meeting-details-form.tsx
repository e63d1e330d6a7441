import { type MeetingDetail, meetingDuplicateSchema, meetingUpdateSchema } from '@bok/shared/meetings';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import {
  CheckboxField,
  FieldError,
  SelectField,
  SubmitActions,
  TextAreaField,
  TextField,
} from '@/components/form-fields';
import { useLibraries } from '@/features/registrations/api/get-libraries';
import { instantToLocal, localToInstant } from '@/lib/datetime-local';
import { useDuplicateMeeting, useUpdateMeeting } from '../api/meetings';
import { useActiveThemes } from '../api/themes';
import { requestProblem, useFieldErrors } from './use-field-errors';

function detailsOf(meeting: MeetingDetail) {
  return {
    title: meeting.title,
    summary: meeting.summary ?? '',
    description: meeting.description ?? '',
    startsAt: instantToLocal(meeting.startsAt),
    endsAt: instantToLocal(meeting.endsAt),
    venueLibraryId: meeting.venue.library?.id ?? '',
    venueRoom: meeting.venue.room ?? '',
    venueNote: meeting.venue.note ?? '',
  };
}

const themeIdsOf = (meeting: MeetingDetail): ReadonlySet<string> => new Set(meeting.themes.map((theme) => theme.id));

/** Title, texts, time and venue; only what changed is sent, so an unchanged time sends no invitation. */
export function MeetingDetailsForm({ meeting }: { meeting: MeetingDetail }) {
  const { t } = useTranslation();
  const id = useId();
  const update = useUpdateMeeting();
  const libraries = useLibraries();
  const fields = useFieldErrors(t);
  const themes = useActiveThemes();
  const [values, setValues] = useState(() => detailsOf(meeting));
  const [themeIds, setThemeIds] = useState<ReadonlySet<string>>(() => themeIdsOf(meeting));
  const [saved, setSaved] = useState(false);
  // The active themes, and any the meeting has that are no longer active, so none vanishes unseen.
  const themeChoices = [
    ...(themes.data?.items ?? []),
    ...meeting.themes.filter((theme) => !themes.data?.items.some((active) => active.id === theme.id)),
  ];
  const toggleTheme = (themeId: string, on: boolean) => {
    setSaved(false);
    setThemeIds((current) => {
      const next = new Set(current);
      if (on) next.add(themeId);
      else next.delete(themeId);
      return next;
    });
  };
  const set = (name: keyof typeof values) => (value: string) => {
    setSaved(false);
    setValues((current) => ({ ...current, [name]: value }));
  };
  const final = meeting.status === 'held' || meeting.status === 'cancelled';

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (update.isPending) return;
    const before = detailsOf(meeting);
    const changed = (Object.keys(values) as Array<keyof typeof values>).filter((name) => values[name] !== before[name]);
    const candidate: Record<string, unknown> = {};
    for (const name of changed) {
      if (name === 'startsAt' || name === 'endsAt') candidate[name] = localToInstant(values[name]);
      else if (name === 'venueLibraryId') candidate[name] = values[name] === '' ? null : values[name];
      else candidate[name] = values[name];
    }
    const themesBefore = themeIdsOf(meeting);
    if (themeIds.size !== themesBefore.size || [...themeIds].some((themeId) => !themesBefore.has(themeId)))
      candidate.themeIds = themeChoices.map((theme) => theme.id).filter((themeId) => themeIds.has(themeId));
    const changes = fields.check(meetingUpdateSchema, candidate);
    if (!changes) return;
    update.mutate(
      { meetingId: meeting.id, changes },
      {
        onSuccess: (updated) => {
          setValues(detailsOf(updated));
          setThemeIds(themeIdsOf(updated));
          setSaved(true);
        },
        onError: (error) => fields.fromError(error),
      },
    );
  }

  return (
    <section aria-labelledby={`${id}-heading`} className="section">
      <h2 id={`${id}-heading`}>{t('coordinator.details.heading')}</h2>
      <form className="form" noValidate onSubmit={onSubmit} data-testid="meeting-details">
        <p className="field__hint">{t('coordinator.details.hint')}</p>
        {update.isError && fields.issues.length === 0 ? <ErrorAlert message={requestProblem(t, update.error)} /> : null}
        <TextField
          id={`${id}-title`}
          name="title"
          label={t('coordinator.details.title')}
          value={values.title}
          onChange={set('title')}
          error={fields.errorFor('title')}
        />
        <TextAreaField
          id={`${id}-summary`}
          name="summary"
          optional
          label={t('coordinator.details.summary')}
          value={values.summary}
          onChange={set('summary')}
          error={fields.errorFor('summary')}
          rows={2}
        />
        <TextAreaField
          id={`${id}-description`}
          name="description"
          optional
          label={t('coordinator.details.description')}
          value={values.description}
          onChange={set('description')}
          error={fields.errorFor('description')}
          rows={6}
        />
        <TextField
          id={`${id}-starts`}
          name="startsAt"
          type="datetime-local"
          label={t('coordinator.details.startsAt')}
          value={values.startsAt}
          onChange={set('startsAt')}
          error={fields.errorFor('startsAt')}
        />
        <TextField
          id={`${id}-ends`}
          name="endsAt"
          type="datetime-local"
          label={t('coordinator.details.endsAt')}
          value={values.endsAt}
          onChange={set('endsAt')}
          error={fields.errorFor('endsAt')}
        />
        <SelectField
          id={`${id}-venue`}
          label={t('coordinator.details.venue')}
          value={values.venueLibraryId}
          options={[
            ['', t('coordinator.details.noVenue')],
            ...(libraries.data?.items ?? []).map((library) => [library.id, library.name] as const),
          ]}
          onChange={set('venueLibraryId')}
        />
        <TextField
          id={`${id}-room`}
          name="venueRoom"
          optional
          label={t('coordinator.details.room')}
          value={values.venueRoom}
          onChange={set('venueRoom')}
          error={fields.errorFor('venueRoom')}
        />
        <TextAreaField
          id={`${id}-note`}
          name="venueNote"
          optional
          label={t('coordinator.details.note')}
          value={values.venueNote}
          onChange={set('venueNote')}
          error={fields.errorFor('venueNote')}
          rows={2}
        />
        {themeChoices.length > 0 ? (
          <fieldset className="field" data-testid="meeting-themes">
            <legend className="field__label">{t('coordinator.details.themes')}</legend>
            <FieldError id={`${id}-themes`} error={fields.errorFor('themeIds')} />
            {themeChoices.map((theme) => (
              <CheckboxField
                key={theme.id}
                id={`${id}-theme-${theme.id}`}
                label={theme.title}
                checked={themeIds.has(theme.id)}
                onChange={(on) => toggleTheme(theme.id, on)}
              />
            ))}
          </fieldset>
        ) : null}
        <SubmitActions
          label={t('coordinator.details.save')}
          status={update.isPending ? t('coordinator.details.saving') : saved ? t('coordinator.details.saved') : ''}
          disabled={final}
        />
      </form>
    </section>
  );
}

/** A repeat of the format on a new date: a new draft, opened at once. */
export function DuplicateMeeting({ meeting }: { meeting: MeetingDetail }) {
  const { t } = useTranslation();
  const id = useId();
  const navigate = useNavigate();
  const duplicate = useDuplicateMeeting();
  const fields = useFieldErrors(t);
  const [startsAt, setStartsAt] = useState('');

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (duplicate.isPending) return;
    const input = fields.check(meetingDuplicateSchema, { startsAt: localToInstant(startsAt) });
    if (!input) return;
    duplicate.mutate(
      { meetingId: meeting.id, startsAt: input.startsAt },
      {
        onSuccess: (copy) => void navigate({ to: '/koordinator/moeder/$meetingId', params: { meetingId: copy.id } }),
        onError: (error) => fields.fromError(error),
      },
    );
  }

  return (
    <section aria-labelledby={`${id}-heading`} className="section">
      <h2 id={`${id}-heading`}>{t('coordinator.details.duplicateHeading')}</h2>
      <form className="form" noValidate onSubmit={onSubmit} data-testid="duplicate-meeting">
        <p className="field__hint">{t('coordinator.details.duplicateHint')}</p>
        {duplicate.isError && fields.issues.length === 0 ? (
          <ErrorAlert message={requestProblem(t, duplicate.error)} />
        ) : null}
        <TextField
          id={`${id}-starts`}
          name="startsAt"
          type="datetime-local"
          label={t('coordinator.details.duplicateStartsAt')}
          value={startsAt}
          onChange={setStartsAt}
          error={fields.errorFor('startsAt')}
        />
        <SubmitActions
          label={t('coordinator.details.duplicate')}
          status={duplicate.isPending ? t('coordinator.details.duplicating') : ''}
        />
      </form>
    </section>
  );
}
