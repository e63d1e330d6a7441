import { meetingCreateSchema } from '@bok/shared/meetings';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { CheckboxField, SubmitActions, TextField } from '@/components/form-fields';
import { localToInstant } from '@/lib/datetime-local';
import { useCreateMeeting } from '../api/meetings';
import { requestProblem, useFieldErrors } from './use-field-errors';

/** A new meeting: the four things it cannot be without. It starts as a draft; the rest is set on its page. */
export function NewMeetingForm() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreateMeeting();
  const fields = useFieldErrors(t);
  const [values, setValues] = useState({ title: '', startsAt: '', endsAt: '', capacity: '30' });
  const [fromTemplate, setFromTemplate] = useState(true);
  const set = (name: keyof typeof values) => (value: string) => setValues((current) => ({ ...current, [name]: value }));

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (create.isPending) return;
    const meeting = fields.check(meetingCreateSchema, {
      title: values.title,
      startsAt: localToInstant(values.startsAt),
      endsAt: localToInstant(values.endsAt),
      capacity: values.capacity === '' ? undefined : Number(values.capacity),
      agenda: fromTemplate ? 'template' : 'empty',
    });
    if (!meeting) return;
    create.mutate(meeting, {
      onSuccess: (created) =>
        void navigate({ to: '/koordinator/moeder/$meetingId', params: { meetingId: created.id } }),
      onError: (error) => fields.fromError(error),
    });
  }

  return (
    <form
      className="form"
      noValidate
      onSubmit={onSubmit}
      aria-labelledby="new-meeting-title"
      data-testid="new-meeting-form"
    >
      <h2 id="new-meeting-title">{t('coordinator.meetings.newTitle')}</h2>
      {create.isError && fields.issues.length === 0 ? <ErrorAlert message={requestProblem(t, create.error)} /> : null}
      <TextField
        id="new-meeting-title-field"
        name="title"
        label={t('coordinator.meetings.fieldTitle')}
        value={values.title}
        onChange={set('title')}
        error={fields.errorFor('title')}
      />
      <TextField
        id="new-meeting-starts"
        name="startsAt"
        type="datetime-local"
        label={t('coordinator.meetings.startsAt')}
        value={values.startsAt}
        onChange={set('startsAt')}
        error={fields.errorFor('startsAt')}
      />
      <TextField
        id="new-meeting-ends"
        name="endsAt"
        type="datetime-local"
        label={t('coordinator.meetings.endsAt')}
        value={values.endsAt}
        onChange={set('endsAt')}
        error={fields.errorFor('endsAt')}
      />
      <TextField
        id="new-meeting-capacity"
        name="capacity"
        type="number"
        inputMode="numeric"
        label={t('coordinator.meetings.capacity')}
        value={values.capacity}
        onChange={set('capacity')}
        error={fields.errorFor('capacity')}
      />
      <CheckboxField
        id="new-meeting-from-template"
        label={t('coordinator.meetings.fromTemplate')}
        hint={t('coordinator.meetings.fromTemplateHint')}
        checked={fromTemplate}
        onChange={setFromTemplate}
      />
      <SubmitActions
        label={t('coordinator.meetings.create')}
        status={create.isPending ? t('coordinator.meetings.creating') : ''}
      />
    </form>
  );
}
