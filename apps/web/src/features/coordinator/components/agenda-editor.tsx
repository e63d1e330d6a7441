import { agendaReplaceSchema } from '@bok/shared/agenda';
import type { MeetingDetail } from '@bok/shared/meetings';
import { copenhagenDate, copenhagenInstant, copenhagenTime } from '@bok/shared/time';
import { useTranslation } from 'react-i18next';
import { useReplaceAgenda } from '../api/meetings';
import { type AgendaRow, type AgendaRowField, AgendaRowsEditor, parseTime, timeOf } from './agenda-rows-editor';
import { requestProblem, useFieldErrors } from './use-field-errors';

/** "09:15" on the meeting's own day, Copenhagen time, as an instant; an unreadable time as typed, for the schema to refuse. */
function onMeetingDay(meeting: MeetingDetail, time: string): string {
  const minutes = parseTime(time);
  if (minutes === null) return time;
  return copenhagenInstant(copenhagenDate(new Date(meeting.startsAt)), timeOf(minutes)).toISOString();
}

const localTime = (instant: string) => copenhagenTime(new Date(instant));

/** The editor's fields as the shared schema names them on a meeting's agenda. */
const apiField: Record<AgendaRowField, string> = {
  start: 'startsAt',
  end: 'endsAt',
  title: 'title',
  kind: 'kind',
  speakerName: 'speakerName',
  speakerOrganisation: 'speakerOrganisation',
  description: 'description',
};

/**
 * The agenda of a meeting, saved in one go (PUT …/agenda): times are checked by the shared schema
 * here and against the meeting by the API, each error on its item's field.
 */
export function AgendaEditor({ meeting }: { meeting: MeetingDetail }) {
  const { t } = useTranslation();
  const replace = useReplaceAgenda();
  const fields = useFieldErrors(t);
  const final = meeting.status === 'held' || meeting.status === 'cancelled';
  const initialRows: AgendaRow[] = meeting.agenda.map((item, index) => ({
    key: index,
    start: localTime(item.startsAt),
    end: localTime(item.endsAt),
    title: item.title,
    kind: item.kind,
    speakerName: item.speakerName ?? '',
    speakerOrganisation: item.speakerOrganisation ?? '',
    description: item.description ?? '',
  }));

  function submit(rows: AgendaRow[]) {
    const agenda = fields.check(agendaReplaceSchema, {
      items: rows.map((row) => ({
        startsAt: onMeetingDay(meeting, row.start),
        endsAt: onMeetingDay(meeting, row.end),
        title: row.title,
        kind: row.kind,
        speakerName: row.speakerName,
        speakerOrganisation: row.speakerOrganisation,
        description: row.description,
      })),
    });
    if (!agenda) return;
    replace.mutate({ meetingId: meeting.id, agenda }, { onError: (error) => fields.fromError(error) });
  }

  return (
    <AgendaRowsEditor
      heading={t('coordinator.agenda.heading')}
      testId="agenda-editor"
      initialRows={initialRows}
      firstStart={localTime(meeting.startsAt)}
      withSpeakers
      disabled={final}
      save={{
        submit,
        pending: replace.isPending,
        succeeded: replace.isSuccess,
        problem: replace.isError && fields.issues.length === 0 ? requestProblem(t, replace.error) : null,
        errorFor: (index, field) => fields.errorFor(`items.${index}.${apiField[field]}`),
      }}
    />
  );
}
