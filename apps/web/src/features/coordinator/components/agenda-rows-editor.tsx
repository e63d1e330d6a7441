import { type AgendaItemKind, agendaItemKindSchema } from '@bok/shared/agenda';
import {
  type Announcements,
  closestCenter,
  DndContext,
  type DragEndEvent,
  KeyboardSensor,
  PointerSensor,
  type UniqueIdentifier,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import {
  arrayMove,
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { type FormEvent, type ReactNode, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { SelectField, SubmitActions, TextAreaField, TextField } from '@/components/form-fields';

/** One agenda item as the editor holds it: clock times as typed ("09:15"), texts as typed. */
export interface AgendaRow {
  key: number;
  start: string;
  end: string;
  title: string;
  kind: AgendaItemKind;
  speakerName: string;
  speakerOrganisation: string;
  description: string;
}

export type AgendaRowField = Exclude<keyof AgendaRow, 'key'>;

/** "9:15", "09.15" (Danish notation) → minutes after midnight; null for anything else. */
export function parseTime(time: string): number | null {
  const match = /^\s*(\d{1,2})[:.](\d{2})\s*$/.exec(time);
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  return hours < 24 && minutes < 60 ? hours * 60 + minutes : null;
}

const minutesOf = (time: string) => parseTime(time) ?? 0;
export const timeOf = (minutes: number) =>
  `${String(Math.floor(minutes / 60) % 24).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/**
 * After a move, the items follow one another from the first start, each keeping its length: what
 * "move the sparring before lunch" means on a day's programme.
 */
function retimed(rows: AgendaRow[]): AgendaRow[] {
  if (rows.length === 0) return rows;
  let at = Math.min(...rows.map((row) => minutesOf(row.start)));
  return rows.map((row) => {
    const length = Math.max(0, minutesOf(row.end) - minutesOf(row.start));
    const start = at;
    at += length;
    return { ...row, start: timeOf(start), end: timeOf(at) };
  });
}

export function emptyRow(key: number, start: string): AgendaRow {
  return {
    key,
    start,
    end: timeOf(minutesOf(start) + 30),
    title: '',
    kind: 'other',
    speakerName: '',
    speakerOrganisation: '',
    description: '',
  };
}

/** How the editor's owner saves: its request's state, and the fields the schema or the API refused. */
export interface AgendaSave {
  submit(rows: AgendaRow[]): void;
  pending: boolean;
  succeeded: boolean;
  /** The failure in a sentence, when no field was named. */
  problem: string | null;
  errorFor(index: number, field: AgendaRowField): string | undefined;
}

const sortableId = (row: AgendaRow): UniqueIdentifier => `agenda-row-${row.key}`;

/**
 * A day's programme edited as a whole and saved in one go. An item moves by dragging its handle
 * (pointer, or the keyboard: space, arrows, space; dnd-kit's sensors, said aloud to a screen
 * reader) or by its up and down buttons; the times follow the new order. Unreadable times are
 * caught here; the rest the owner's schema and API check, each error on its item's field.
 */
export function AgendaRowsEditor({
  heading,
  intro,
  testId,
  initialRows,
  firstStart,
  withSpeakers,
  disabled,
  save,
}: {
  heading: string;
  intro?: ReactNode;
  testId: string;
  initialRows: AgendaRow[];
  /** Where a first item starts when the agenda is empty. */
  firstStart: string;
  withSpeakers: boolean;
  disabled: boolean;
  save: AgendaSave;
}) {
  const { t } = useTranslation();
  const id = useId();
  const nextKey = useRef(initialRows.length);
  const [rows, setRows] = useState<AgendaRow[]>(initialRows);
  const [announcement, setAnnouncement] = useState('');
  const [changedSinceSave, setChangedSinceSave] = useState(false);
  const [unreadable, setUnreadable] = useState<ReadonlySet<string>>(new Set());
  const nameOf = (row: AgendaRow) => row.title.trim() || t('coordinator.agenda.untitled');
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  const update = (next: AgendaRow[]) => {
    setRows(next);
    setChangedSinceSave(true);
  };
  const change = (key: number, patch: Partial<AgendaRow>) =>
    update(rows.map((row) => (row.key === key ? { ...row, ...patch } : row)));

  const errorFor = (index: number, field: AgendaRowField) => {
    const row = rows[index];
    if (row && unreadable.has(`${row.key}.${field}`)) return t('coordinator.agenda.timeFormat');
    return save.errorFor(index, field);
  };

  function moveTo(from: number, to: number) {
    if (to < 0 || to >= rows.length || from === to) return;
    update(retimed(arrayMove(rows, from, to)));
  }

  function moveBy(index: number, by: -1 | 1) {
    const row = rows[index]!;
    const target = index + by;
    if (target < 0 || target >= rows.length) return;
    moveTo(index, target);
    setAnnouncement(t('coordinator.agenda.moved', { title: nameOf(row), n: target + 1, count: rows.length }));
    // Focus stays with the item that moved, on the button pressed (or its twin at the edge).
    requestAnimationFrame(() => {
      const button = document.getElementById(`${id}-${row.key}-${by < 0 ? 'up' : 'down'}`) as HTMLButtonElement | null;
      (button && !button.disabled
        ? button
        : document.getElementById(`${id}-${row.key}-${by < 0 ? 'down' : 'up'}`)
      )?.focus();
    });
  }

  function remove(index: number) {
    const row = rows[index]!;
    update(rows.filter((_, at) => at !== index));
    setAnnouncement(t('coordinator.agenda.removed', { title: nameOf(row) }));
  }

  function add() {
    const key = nextKey.current++;
    update([...rows, emptyRow(key, rows.at(-1)?.end ?? firstStart)]);
    requestAnimationFrame(() => document.getElementById(`${id}-${key}-title`)?.focus());
  }

  function onDragEnd({ active, over }: DragEndEvent) {
    if (!over) return;
    const from = rows.findIndex((row) => sortableId(row) === active.id);
    const to = rows.findIndex((row) => sortableId(row) === over.id);
    moveTo(from, to);
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (save.pending) return;
    const wrong = new Set(
      rows.flatMap((row) =>
        (['start', 'end'] as const)
          .filter((field) => parseTime(row[field]) === null)
          .map((field) => `${row.key}.${field}`),
      ),
    );
    setUnreadable(wrong);
    if (wrong.size > 0) return;
    setChangedSinceSave(false);
    save.submit(rows);
  }

  // What dnd-kit says aloud while an item is dragged with the keyboard or a pointer.
  const place = (id: UniqueIdentifier) => {
    const index = rows.findIndex((row) => sortableId(row) === id);
    return { title: index >= 0 ? nameOf(rows[index]!) : '', n: index + 1, count: rows.length };
  };
  const announcements: Announcements = {
    onDragStart: ({ active }) => t('coordinator.agenda.dragStart', place(active.id)),
    // Over its own place (as at the start): nothing new to say, and "picked up" stays heard.
    onDragOver: ({ active, over }) =>
      over && over.id !== active.id
        ? t('coordinator.agenda.dragOver', { ...place(active.id), n: place(over.id).n })
        : undefined,
    onDragEnd: ({ active, over }) =>
      over ? t('coordinator.agenda.moved', { ...place(active.id), n: place(over.id).n }) : undefined,
    onDragCancel: ({ active }) => t('coordinator.agenda.dragCancel', place(active.id)),
  };

  return (
    <section aria-labelledby={`${id}-heading`} className="section">
      <h2 id={`${id}-heading`}>{heading}</h2>
      {intro}
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      <form className="form" noValidate onSubmit={onSubmit} data-testid={testId}>
        {save.problem ? <ErrorAlert message={save.problem} /> : null}
        {rows.length === 0 ? <p>{t('coordinator.agenda.empty')}</p> : null}
        <DndContext
          sensors={sensors}
          collisionDetection={closestCenter}
          onDragEnd={onDragEnd}
          accessibility={{
            announcements,
            screenReaderInstructions: { draggable: t('coordinator.agenda.dragInstructions') },
          }}
        >
          <SortableContext items={rows.map(sortableId)} strategy={verticalListSortingStrategy}>
            <ol className="agenda-editor">
              {rows.map((row, index) => (
                <SortableRow key={row.key} row={row} labelledBy={`${id}-${row.key}-legend`}>
                  {(handle) => (
                    <fieldset>
                      <legend id={`${id}-${row.key}-legend`}>
                        {t('coordinator.agenda.item', { n: index + 1 })}: {nameOf(row)}
                      </legend>
                      {handle(t('coordinator.agenda.drag', { title: nameOf(row) }))}
                      <RowFields
                        itemId={`${id}-${row.key}`}
                        row={row}
                        withSpeakers={withSpeakers}
                        onChange={(patch) => change(row.key, patch)}
                        errorFor={(field) => errorFor(index, field)}
                      />
                      <div className="form-actions">
                        <button
                          id={`${id}-${row.key}-up`}
                          type="button"
                          className="button button--secondary"
                          disabled={index === 0}
                          onClick={() => moveBy(index, -1)}
                        >
                          {t('coordinator.agenda.moveUp', { title: nameOf(row) })}
                        </button>
                        <button
                          id={`${id}-${row.key}-down`}
                          type="button"
                          className="button button--secondary"
                          disabled={index === rows.length - 1}
                          onClick={() => moveBy(index, 1)}
                        >
                          {t('coordinator.agenda.moveDown', { title: nameOf(row) })}
                        </button>
                        <button type="button" className="button button--danger-outline" onClick={() => remove(index)}>
                          {t('coordinator.agenda.remove', { title: nameOf(row) })}
                        </button>
                      </div>
                    </fieldset>
                  )}
                </SortableRow>
              ))}
            </ol>
          </SortableContext>
        </DndContext>
        <SubmitActions
          label={t('coordinator.agenda.save')}
          status={
            save.pending
              ? t('coordinator.agenda.saving')
              : save.succeeded && !changedSinceSave
                ? t('coordinator.agenda.saved')
                : ''
          }
          disabled={disabled}
        >
          <button type="button" className="button button--secondary" onClick={add} disabled={disabled}>
            {t('coordinator.agenda.add')}
          </button>
        </SubmitActions>
      </form>
    </section>
  );
}

/** An item that can be dragged by its handle; the handle is a real button, so it is in the tab order. */
function SortableRow({
  row,
  labelledBy,
  children,
}: {
  row: AgendaRow;
  labelledBy: string;
  children: (handle: (label: string) => ReactNode) => ReactNode;
}) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({
    id: sortableId(row),
  });
  return (
    <li
      ref={setNodeRef}
      className={`agenda-editor__item${isDragging ? ' agenda-editor__item--dragging' : ''}`}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      aria-labelledby={labelledBy}
      data-testid="agenda-item"
    >
      {children((label) => (
        <button
          type="button"
          ref={setActivatorNodeRef}
          className="button button--secondary agenda-editor__handle"
          {...attributes}
          {...listeners}
          aria-label={label}
        >
          <span aria-hidden="true">⠿</span>
        </button>
      ))}
    </li>
  );
}

function RowFields({
  itemId,
  row,
  withSpeakers,
  onChange,
  errorFor,
}: {
  itemId: string;
  row: AgendaRow;
  withSpeakers: boolean;
  onChange(patch: Partial<AgendaRow>): void;
  errorFor(field: AgendaRowField): string | undefined;
}) {
  const { t } = useTranslation();
  return (
    <>
      <TextField
        id={`${itemId}-start`}
        name="start"
        type="text"
        inputMode="numeric"
        label={t('coordinator.agenda.startsAt')}
        value={row.start}
        onChange={(start) => onChange({ start })}
        error={errorFor('start')}
      />
      <TextField
        id={`${itemId}-end`}
        name="end"
        type="text"
        inputMode="numeric"
        label={t('coordinator.agenda.endsAt')}
        value={row.end}
        onChange={(end) => onChange({ end })}
        error={errorFor('end')}
      />
      <TextField
        id={`${itemId}-title`}
        name="title"
        label={t('coordinator.agenda.title')}
        value={row.title}
        onChange={(title) => onChange({ title })}
        error={errorFor('title')}
      />
      <SelectField
        id={`${itemId}-kind`}
        label={t('coordinator.agenda.kind')}
        value={row.kind}
        options={agendaItemKindSchema.options.map((kind) => [kind, t(`coordinator.agenda.kinds.${kind}`)] as const)}
        onChange={(kind) => onChange({ kind: agendaItemKindSchema.parse(kind) })}
      />
      {withSpeakers ? (
        <>
          <TextField
            id={`${itemId}-speaker`}
            name="speakerName"
            optional
            label={t('coordinator.agenda.speakerName')}
            value={row.speakerName}
            onChange={(speakerName) => onChange({ speakerName })}
            error={errorFor('speakerName')}
          />
          <TextField
            id={`${itemId}-organisation`}
            name="speakerOrganisation"
            optional
            label={t('coordinator.agenda.speakerOrganisation')}
            value={row.speakerOrganisation}
            onChange={(speakerOrganisation) => onChange({ speakerOrganisation })}
            error={errorFor('speakerOrganisation')}
          />
        </>
      ) : null}
      <TextAreaField
        id={`${itemId}-description`}
        name="description"
        optional
        rows={2}
        label={t('coordinator.agenda.description')}
        value={row.description}
        onChange={(description) => onChange({ description })}
        error={errorFor('description')}
      />
    </>
  );
}
