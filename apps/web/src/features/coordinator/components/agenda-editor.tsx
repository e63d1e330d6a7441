import { type AgendaItemKind, agendaItemKindSchema, agendaReplaceSchema } from '@bok/shared/agenda';
import type { MeetingDetail } from '@bok/shared/meetings';
import { type FormEvent, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { SubmitActions, TextField } from '@/components/form-fields';
import { useReplaceAgenda } from '../api/meetings';
import { requestProblem, useFieldErrors } from './use-field-errors';

interface Row {
  key: number;
  start: string;
  end: string;
  title: string;
  kind: AgendaItemKind;
  speakerName: string;
  speakerOrganisation: string;
}

/** "9:15", "09.15" (Danish notation) → minutes after midnight; null for anything else. */
function parseTime(time: string): number | null {
  const match = /^\s*(\d{1,2})[:.](\d{2})\s*$/.exec(time);
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  return hours < 24 && minutes < 60 ? hours * 60 + minutes : null;
}

const minutesOf = (time: string) => parseTime(time) ?? 0;
const timeOf = (minutes: number) =>
  `${String(Math.floor(minutes / 60) % 24).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** "09:15" on the meeting's own day (the coordinator's wall clock), as an instant; an unreadable time as typed, for the schema to refuse. */
function onMeetingDay(meeting: MeetingDetail, time: string): string {
  const minutes = parseTime(time);
  if (minutes === null) return time;
  const day = new Date(meeting.startsAt);
  day.setHours(0, minutes, 0, 0);
  return day.toISOString();
}

const localTime = (instant: string) => {
  const date = new Date(instant);
  return timeOf(date.getHours() * 60 + date.getMinutes());
};

/**
 * After a move, the items follow one another from the first start, each keeping its length: what
 * "move the sparring before lunch" means on a day's programme.
 */
function retimed(rows: Row[]): Row[] {
  if (rows.length === 0) return rows;
  let at = Math.min(...rows.map((row) => minutesOf(row.start)));
  return rows.map((row) => {
    const length = Math.max(0, minutesOf(row.end) - minutesOf(row.start));
    const start = at;
    at += length;
    return { ...row, start: timeOf(start), end: timeOf(at) };
  });
}

/**
 * The agenda of a meeting, edited as a whole and saved in one go (PUT …/agenda). Moving an item is
 * a pair of buttons, usable from the keyboard and said aloud to a screen reader; times are checked
 * by the shared schema here and against the meeting by the API, each error on its item's field.
 */
export function AgendaEditor({ meeting }: { meeting: MeetingDetail }) {
  const { t } = useTranslation();
  const id = useId();
  const replace = useReplaceAgenda();
  const fields = useFieldErrors(t);
  const nextKey = useRef(meeting.agenda.length);
  const [rows, setRows] = useState<Row[]>(() =>
    meeting.agenda.map((item, index) => ({
      key: index,
      start: localTime(item.startsAt),
      end: localTime(item.endsAt),
      title: item.title,
      kind: item.kind,
      speakerName: item.speakerName ?? '',
      speakerOrganisation: item.speakerOrganisation ?? '',
    })),
  );
  const [announcement, setAnnouncement] = useState('');
  const [saved, setSaved] = useState(false);
  const final = meeting.status === 'held' || meeting.status === 'cancelled';
  const nameOf = (row: Row) => row.title.trim() || t('coordinator.agenda.untitled');

  const change = (key: number, patch: Partial<Row>) => {
    setSaved(false);
    setRows((current) => current.map((row) => (row.key === key ? { ...row, ...patch } : row)));
  };

  function move(index: number, by: -1 | 1) {
    const target = index + by;
    if (target < 0 || target >= rows.length) return;
    const next = [...rows];
    const [row] = next.splice(index, 1);
    next.splice(target, 0, row!);
    setRows(retimed(next));
    setSaved(false);
    setAnnouncement(t('coordinator.agenda.moved', { title: nameOf(row!), n: target + 1, count: next.length }));
    // Focus stays with the item that moved, on the button pressed (or its twin at the edge).
    requestAnimationFrame(() => {
      const button = document.getElementById(`${id}-${row!.key}-${by < 0 ? 'up' : 'down'}`) as HTMLButtonElement | null;
      (button && !button.disabled
        ? button
        : document.getElementById(`${id}-${row!.key}-${by < 0 ? 'down' : 'up'}`)
      )?.focus();
    });
  }

  function remove(index: number) {
    const row = rows[index]!;
    setRows(rows.filter((_, at) => at !== index));
    setSaved(false);
    setAnnouncement(t('coordinator.agenda.removed', { title: nameOf(row) }));
  }

  function add() {
    const last = rows.at(-1);
    const start = last ? last.end : localTime(meeting.startsAt);
    const key = nextKey.current++;
    setRows([
      ...rows,
      {
        key,
        start,
        end: timeOf(minutesOf(start) + 30),
        title: '',
        kind: 'other',
        speakerName: '',
        speakerOrganisation: '',
      },
    ]);
    setSaved(false);
    requestAnimationFrame(() => document.getElementById(`${id}-${key}-title`)?.focus());
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (replace.isPending) return;
    const agenda = fields.check(agendaReplaceSchema, {
      items: rows.map((row) => ({
        startsAt: onMeetingDay(meeting, row.start),
        endsAt: onMeetingDay(meeting, row.end),
        title: row.title,
        kind: row.kind,
        speakerName: row.speakerName,
        speakerOrganisation: row.speakerOrganisation,
      })),
    });
    if (!agenda) return;
    replace.mutate(
      { meetingId: meeting.id, agenda },
      { onSuccess: () => setSaved(true), onError: (error) => fields.fromError(error) },
    );
  }

  return (
    <section aria-labelledby={`${id}-heading`} className="section">
      <h2 id={`${id}-heading`}>{t('coordinator.agenda.heading')}</h2>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      <form className="form" noValidate onSubmit={onSubmit} data-testid="agenda-editor">
        {replace.isError && fields.issues.length === 0 ? (
          <ErrorAlert message={requestProblem(t, replace.error)} />
        ) : null}
        {rows.length === 0 ? <p>{t('coordinator.agenda.empty')}</p> : null}
        <ol className="agenda-editor">
          {rows.map((row, index) => {
            const field = (name: string) => `items.${index}.${name}`;
            const itemId = `${id}-${row.key}`;
            return (
              <li
                key={row.key}
                className="agenda-editor__item"
                aria-labelledby={`${itemId}-legend`}
                data-testid="agenda-item"
              >
                <fieldset>
                  <legend id={`${itemId}-legend`}>
                    {t('coordinator.agenda.item', { n: index + 1 })}: {nameOf(row)}
                  </legend>
                  <TextField
                    id={`${itemId}-start`}
                    name="startsAt"
                    type="text"
                    inputMode="numeric"
                    label={t('coordinator.agenda.startsAt')}
                    value={row.start}
                    onChange={(start) => change(row.key, { start })}
                    error={fields.errorFor(field('startsAt'))}
                  />
                  <TextField
                    id={`${itemId}-end`}
                    name="endsAt"
                    type="text"
                    inputMode="numeric"
                    label={t('coordinator.agenda.endsAt')}
                    value={row.end}
                    onChange={(end) => change(row.key, { end })}
                    error={fields.errorFor(field('endsAt'))}
                  />
                  <TextField
                    id={`${itemId}-title`}
                    name="title"
                    label={t('coordinator.agenda.title')}
                    value={row.title}
                    onChange={(title) => change(row.key, { title })}
                    error={fields.errorFor(field('title'))}
                  />
                  <div className="field">
                    <label htmlFor={`${itemId}-kind`} className="field__label">
                      {t('coordinator.agenda.kind')}
                    </label>
                    <select
                      id={`${itemId}-kind`}
                      className="field__input"
                      value={row.kind}
                      onChange={(event) => change(row.key, { kind: agendaItemKindSchema.parse(event.target.value) })}
                    >
                      {agendaItemKindSchema.options.map((kind) => (
                        <option key={kind} value={kind}>
                          {t(`coordinator.agenda.kinds.${kind}`)}
                        </option>
                      ))}
                    </select>
                  </div>
                  <TextField
                    id={`${itemId}-speaker`}
                    name="speakerName"
                    optional
                    label={t('coordinator.agenda.speakerName')}
                    value={row.speakerName}
                    onChange={(speakerName) => change(row.key, { speakerName })}
                    error={fields.errorFor(field('speakerName'))}
                  />
                  <TextField
                    id={`${itemId}-organisation`}
                    name="speakerOrganisation"
                    optional
                    label={t('coordinator.agenda.speakerOrganisation')}
                    value={row.speakerOrganisation}
                    onChange={(speakerOrganisation) => change(row.key, { speakerOrganisation })}
                    error={fields.errorFor(field('speakerOrganisation'))}
                  />
                  <div className="form-actions">
                    <button
                      id={`${itemId}-up`}
                      type="button"
                      className="button button--secondary"
                      disabled={index === 0}
                      onClick={() => move(index, -1)}
                    >
                      {t('coordinator.agenda.moveUp', { title: nameOf(row) })}
                    </button>
                    <button
                      id={`${itemId}-down`}
                      type="button"
                      className="button button--secondary"
                      disabled={index === rows.length - 1}
                      onClick={() => move(index, 1)}
                    >
                      {t('coordinator.agenda.moveDown', { title: nameOf(row) })}
                    </button>
                    <button type="button" className="button button--danger-outline" onClick={() => remove(index)}>
                      {t('coordinator.agenda.remove', { title: nameOf(row) })}
                    </button>
                  </div>
                </fieldset>
              </li>
            );
          })}
        </ol>
        <SubmitActions
          label={t('coordinator.agenda.save')}
          status={replace.isPending ? t('coordinator.agenda.saving') : saved ? t('coordinator.agenda.saved') : ''}
          disabled={final}
        >
          <button type="button" className="button button--secondary" onClick={add} disabled={final}>
            {t('coordinator.agenda.add')}
          </button>
        </SubmitActions>
      </form>
    </section>
  );
}
