// The one place that changes a meeting: under its lock, with the rules of its seats and its life,
// the e-mails and promotions a change makes, and an audit entry of what changed.
import { randomUUID } from 'node:crypto';
import { fieldErrorCode } from '@bok/shared/errors';
import {
  type MeetingCreate,
  type MeetingDetail,
  type MeetingDuplicate,
  type MeetingStatus,
  type MeetingStatusChange,
  type MeetingUpdate,
  meetingTransitions,
} from '@bok/shared/meetings';
import type { Database, Transaction } from '../../db/prisma';
import { AppError, notFound } from '../../lib/app-error';
import { agendaRepository } from '../agenda/agenda.repository';
import { placeTemplate } from '../agenda/agenda.template';
import type { Actor } from '../api-keys/api-keys.service';
import { auditRepository } from '../audit/audit.repository';
import { enqueueMeetingEmails } from '../emails/emails.outbox';
import { questionsRepository } from '../questions/questions.repository';
import { registrationsRepository } from '../registrations/registrations.repository';
import { transactionOptions } from '../registrations/registrations.rules';
import { promoteFromWaitlist } from '../registrations/registrations.waitlist';
import { type LockedMeeting, type MeetingChanges, meetingsRepository, type NewMeeting } from './meetings.repository';
import { meetingsService } from './meetings.service';

export interface MeetingsWriteOptions {
  /** Told after a change has ended (committed or not): cached public reads of the meeting are replaced then. */
  onMeetingChanged?(meetingId: string): void;
}

export interface WriteContext {
  ip: string | null;
  now: Date;
}

type Scalar = string | number | boolean | null;

const asScalar = (value: Date | Scalar | undefined): Scalar =>
  value instanceof Date ? value.toISOString() : (value ?? null);

const instant = (value: string | null) => (value === null ? null : new Date(value));

/** What changes, as columns; absent fields stay. */
function changesOf(patch: MeetingUpdate): MeetingChanges {
  const changes: MeetingChanges = {};
  const { startsAt, endsAt, registrationOpensAt, registrationClosesAt, themeIds: _themes, ...rest } = patch;
  for (const [field, value] of Object.entries(rest)) {
    if (value !== undefined) (changes as Record<string, unknown>)[field] = value;
  }
  if (startsAt !== undefined) changes.startsAt = new Date(startsAt);
  if (endsAt !== undefined) changes.endsAt = new Date(endsAt);
  if (registrationOpensAt !== undefined) changes.registrationOpensAt = instant(registrationOpensAt);
  if (registrationClosesAt !== undefined) changes.registrationClosesAt = instant(registrationClosesAt);
  return changes;
}

/** What attendees' calendars show: a change here is an updated invitation (iCalendar SEQUENCE + 1). */
const calendarFields = ['startsAt', 'endsAt', 'venueLibraryId', 'venueRoom', 'venueNote', 'title'] as const;

const fieldError = (field: string, code: string) => [{ field, code, message: code }];

const invalid = (message: string, field: string, code: string) =>
  new AppError('validation_failed', message, { fields: fieldError(field, code) });

/**
 * A new start moves the agenda with it, every item by the same amount (the day keeps its shape);
 * an agenda that would then lie outside the meeting's new time is refused, and nothing changes.
 */
async function moveAgenda(tx: Transaction, meeting: LockedMeeting, changes: MeetingChanges) {
  const startsAt = changes.startsAt ?? meeting.startsAt;
  const endsAt = changes.endsAt ?? meeting.endsAt;
  const offset = startsAt.getTime() - meeting.startsAt.getTime();
  if (offset !== 0) await agendaRepository(tx).shift(meeting.id, offset);
  const span = await agendaRepository(tx).span(meeting.id);
  if (!span || (span.first >= startsAt && span.last <= endsAt)) return;
  throw invalid(
    "The agenda would lie outside the meeting's new time: shorten the agenda first, or choose a longer time.",
    span.last > endsAt ? 'endsAt' : 'startsAt',
    fieldErrorCode.agenda_outside_meeting,
  );
}

/** The rules a change must keep, checked against the meeting as it is under the lock. */
function assertChangeAllowed(meeting: LockedMeeting, changes: MeetingChanges, confirmed: number) {
  if (meeting.status === 'held' || meeting.status === 'cancelled') {
    throw new AppError('conflict', `The meeting is ${meeting.status}: it can no longer be changed.`);
  }
  if (changes.capacity !== undefined && changes.capacity < confirmed) {
    throw new AppError(
      'conflict',
      `${confirmed} ${confirmed === 1 ? 'person has' : 'people have'} a seat: the capacity cannot be lower than that. ` +
        'Cancel registrations first, or choose a capacity of at least that.',
      { fields: fieldError('capacity', fieldErrorCode.below_confirmed) },
    );
  }
  const opens = changes.registrationOpensAt !== undefined ? changes.registrationOpensAt : meeting.registrationOpensAt;
  const closes =
    changes.registrationClosesAt !== undefined ? changes.registrationClosesAt : meeting.registrationClosesAt;
  if (opens && closes && closes <= opens) {
    const field = changes.registrationClosesAt !== undefined ? 'registrationClosesAt' : 'registrationOpensAt';
    throw invalid('Registration must close after it opens.', field, fieldErrorCode.closes_before_opens);
  }
  const startsAt = changes.startsAt ?? meeting.startsAt;
  const endsAt = changes.endsAt ?? meeting.endsAt;
  if (endsAt <= startsAt) {
    const field = changes.endsAt !== undefined ? 'endsAt' : 'startsAt';
    throw invalid('The meeting must end after it starts.', field, fieldErrorCode.ends_before_starts);
  }
}

/** Whether the meeting may go from its status to `next` now; the refusal says what it may do instead. */
function assertTransition(meeting: LockedMeeting, next: MeetingStatus, now: Date) {
  const allowed = meetingTransitions[meeting.status];
  if (!allowed.includes(next)) {
    throw new AppError(
      'conflict',
      `A meeting that is ${meeting.status} cannot become ${next}` +
        (allowed.length ? `; it can become ${allowed.join(' or ')}.` : '; that is final.'),
    );
  }
  if (next === 'held' && now < meeting.startsAt) {
    throw new AppError('conflict', 'A meeting can be marked held once it has begun.');
  }
  if ((next === 'open' || next === 'announced') && now >= meeting.endsAt) {
    throw new AppError('conflict', `The meeting has ended: it cannot become ${next}.`);
  }
}

/** "Læselyst i praksis" → "laeselyst-i-praksis". */
export function slugFromTitle(title: string): string {
  const folded = title
    .toLocaleLowerCase('da')
    .replaceAll('æ', 'ae')
    .replaceAll('ø', 'oe')
    .replaceAll('å', 'aa')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '');
  return (
    folded
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 100)
      .replace(/-+$/, '') || 'moede'
  );
}

/** Refuses theme ids that are not themes, naming the field. */
async function assertThemesExist(tx: Transaction, themeIds: string[] | undefined) {
  if (!themeIds?.length) return;
  const existing = await meetingsRepository(tx).existingThemeIds(themeIds);
  const index = themeIds.findIndex((id) => !existing.has(id));
  if (index >= 0) throw invalid('One of the themes does not exist.', `themeIds.${index}`, fieldErrorCode.unknown_theme);
}

const shifted = (instant: Date | null, offsetMs: number) => (instant ? new Date(instant.getTime() + offsetMs) : null);

export function meetingsWriteService(db: Database, options: MeetingsWriteOptions = {}) {
  const repository = meetingsRepository(db);

  /** The next free address from `base`: itself, or -2, -3, … */
  async function freeSlug(base: string): Promise<string> {
    const taken = await repository.slugsLike(base);
    let slug = base;
    for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
    return slug;
  }

  /** The meeting as the coordinator sees it: any status, drafts too. */
  const detail = (meetingId: string, now: Date): Promise<MeetingDetail> => meetingsService(db).getAny(meetingId, now);

  async function idOf(idOrSlug: string): Promise<string> {
    const meetingId = await repository.findId(idOrSlug);
    if (!meetingId) throw notFound('The meeting');
    return meetingId;
  }

  /** Runs `change` on the locked meeting in a transaction; cached reads are replaced afterwards. */
  async function underLock<T>(meetingId: string, change: (tx: Transaction, meeting: LockedMeeting) => Promise<T>) {
    return db
      .$transaction(async (tx) => {
        const meeting = await meetingsRepository(tx).lock(meetingId);
        if (!meeting) throw notFound('The meeting');
        return change(tx, meeting);
      }, transactionOptions)
      .finally(() => options.onMeetingChanged?.(meetingId));
  }

  const audit = (
    tx: Transaction,
    actor: Actor,
    context: WriteContext,
    action: string,
    meetingId: string,
    data: Record<string, Scalar | string[]>,
  ) =>
    auditRepository(tx).record({
      actorType: actor.type,
      actorId: actor.id,
      action,
      entityType: 'meeting',
      entityId: meetingId,
      data,
      ip: context.ip,
      at: context.now,
    });

  return {
    /** A new draft: the coordinator's until it is announced or opened. */
    async create(input: MeetingCreate, actor: Actor, context: WriteContext): Promise<MeetingDetail> {
      const { slug: wanted, agenda = 'template', ...fields } = input;
      if (fields.venueLibraryId && !(await repository.libraryExists(fields.venueLibraryId))) {
        throw invalid('The venue is not a library in the list.', 'venueLibraryId', fieldErrorCode.unknown_library);
      }
      const base = wanted ?? slugFromTitle(fields.title);
      const changes = changesOf(fields);
      const meeting: NewMeeting = {
        title: fields.title,
        summary: fields.summary ?? null,
        description: fields.description ?? null,
        startsAt: new Date(fields.startsAt),
        endsAt: new Date(fields.endsAt),
        venueLibraryId: fields.venueLibraryId ?? null,
        venueRoom: fields.venueRoom ?? null,
        venueNote: fields.venueNote ?? null,
        capacity: fields.capacity,
        waitlistEnabled: fields.waitlistEnabled ?? true,
        registrationOpensAt: changes.registrationOpensAt ?? null,
        registrationClosesAt: changes.registrationClosesAt ?? null,
        confirmationRequired: fields.confirmationRequired ?? false,
        holdMinutes: fields.holdMinutes ?? 60,
        seatsPerLibrary: fields.seatsPerLibrary ?? null,
        slug: base,
      };
      // The same title again (a format repeated): -2, -3, …
      const slug = wanted ? base : await freeSlug(base);
      const meetingId = await db.$transaction(async (tx) => {
        await assertThemesExist(tx, fields.themeIds);
        const id = await meetingsRepository(tx).create({ ...meeting, slug });
        if (!id) {
          throw new AppError('conflict', `Another meeting has the address ${slug}.`, {
            fields: fieldError('slug', 'taken'),
          });
        }
        if (fields.themeIds?.length) await meetingsRepository(tx).setThemes(id, fields.themeIds);
        if (agenda === 'template') {
          const template = await agendaRepository(tx).template();
          await agendaRepository(tx).replace(id, placeTemplate(template.items, meeting));
        }
        await audit(tx, actor, context, 'meeting.created', id, { slug, title: meeting.title, agenda });
        return id;
      }, transactionOptions);
      options.onMeetingChanged?.(meetingId);
      return detail(meetingId, context.now);
    },

    /**
     * Changes a meeting's fields. Capacity may change at any time: raised, the new seats go to the
     * waitlist in order at once; below the seats already taken it is refused, saying how many. A
     * lower per-library cap takes no seat from anyone. A new time, venue or title sends everyone
     * registered an updated invitation (SEQUENCE + 1) once the meeting is public.
     */
    async update(idOrSlug: string, patch: MeetingUpdate, actor: Actor, context: WriteContext): Promise<MeetingDetail> {
      const meetingId = await idOf(idOrSlug);
      const changes = changesOf(patch);
      await underLock(meetingId, async (tx, meeting) => {
        const { confirmed } = await registrationsRepository(tx).countWaitlist(meetingId);
        assertChangeAllowed(meeting, changes, confirmed);
        if (changes.venueLibraryId && !(await meetingsRepository(tx).libraryExists(changes.venueLibraryId))) {
          throw invalid('The venue is not a library in the list.', 'venueLibraryId', fieldErrorCode.unknown_library);
        }
        const changed = (Object.keys(changes) as Array<keyof MeetingChanges & keyof LockedMeeting>).filter(
          (field) => asScalar(changes[field]) !== asScalar(meeting[field]),
        );
        let themesChanged = false;
        if (patch.themeIds) {
          await assertThemesExist(tx, patch.themeIds);
          const before = await meetingsRepository(tx).themeIdsOf(meetingId);
          themesChanged = before.join() !== [...patch.themeIds].sort().join();
          if (themesChanged) await meetingsRepository(tx).setThemes(meetingId, patch.themeIds);
        }
        if (changed.length === 0 && !themesChanged) return;
        if (changed.includes('startsAt') || changed.includes('endsAt')) await moveAgenda(tx, meeting, changes);
        const calendarChanged =
          meeting.status !== 'draft' && changed.some((field) => (calendarFields as readonly string[]).includes(field));
        const sequence = calendarChanged ? meeting.sequence + 1 : meeting.sequence;
        await meetingsRepository(tx).update(meetingId, { ...changes, ...(calendarChanged ? { sequence } : {}) });
        if (calendarChanged) {
          await enqueueMeetingEmails(tx, {
            kind: 'meeting_changed',
            meetingId,
            dedupeKeyPrefix: `meeting-changed:${meetingId}:${sequence}`,
          });
        }
        // Texts can be long and are the coordinator's: their names only. Settings and times in full.
        const inFull = changed.filter(
          (field) => field !== 'description' && field !== 'summary' && field !== 'venueNote',
        );
        await audit(tx, actor, context, 'meeting.updated', meetingId, {
          fields: themesChanged ? [...changed, 'themeIds'] : changed,
          ...Object.fromEntries(inFull.map((field) => [`${field}.before`, asScalar(meeting[field])])),
          ...Object.fromEntries(inFull.map((field) => [`${field}.after`, asScalar(changes[field])])),
          ...(calendarChanged ? { sequence } : {}),
        });
        // More seats, or a looser cap: the waitlist moves up now, in order.
        await promoteFromWaitlist(tx, meetingId, context.now);
      });
      return detail(meetingId, context.now);
    },

    /**
     * Moves a meeting through its life (meetingTransitions). Cancelling tells everyone registered,
     * with a calendar CANCEL for those with a seat, and ends their registrations.
     */
    async changeStatus(
      idOrSlug: string,
      change: MeetingStatusChange,
      actor: Actor,
      context: WriteContext,
    ): Promise<MeetingDetail> {
      const meetingId = await idOf(idOrSlug);
      await underLock(meetingId, async (tx, meeting) => {
        if (meeting.status === change.status) return;
        assertTransition(meeting, change.status, context.now);
        if (change.status === 'cancelled') {
          const sequence = meeting.sequence + 1;
          await meetingsRepository(tx).update(meetingId, {
            status: 'cancelled',
            cancellationReason: change.reason ?? null,
            sequence,
          });
          // Written before the registrations end, from them as they were: seat or waitlist.
          await enqueueMeetingEmails(tx, {
            kind: 'meeting_cancelled',
            meetingId,
            dedupeKeyPrefix: `meeting-cancelled:${meetingId}`,
          });
          const ended = await registrationsRepository(tx).cancelAllActive(meetingId, context.now);
          await audit(tx, actor, context, 'meeting.cancelled', meetingId, {
            from: meeting.status,
            registrationsEnded: ended,
            sequence,
          });
          return;
        }
        await meetingsRepository(tx).update(meetingId, { status: change.status });
        await audit(tx, actor, context, 'meeting.status_changed', meetingId, {
          from: meeting.status,
          to: change.status,
        });
      });
      return detail(meetingId, context.now);
    },

    /**
     * A repeat of a meeting on a new date: a new draft with its texts, venue, capacity, registration
     * rules, themes and agenda, every time moved by the same offset. Nobody registered comes along.
     */
    async duplicate(
      idOrSlug: string,
      input: MeetingDuplicate,
      actor: Actor,
      context: WriteContext,
    ): Promise<MeetingDetail> {
      const sourceId = await idOf(idOrSlug);
      const source = await repository.findForDuplicate(sourceId);
      if (!source) throw notFound('The meeting');
      const offset = new Date(input.startsAt).getTime() - source.startsAt.getTime();
      const title = input.title ?? source.title;
      const slug = await freeSlug(slugFromTitle(title));
      const meetingId = await db.$transaction(async (tx) => {
        const id = await meetingsRepository(tx).create({
          slug,
          title,
          summary: source.summary,
          description: source.description,
          startsAt: new Date(source.startsAt.getTime() + offset),
          endsAt: new Date(source.endsAt.getTime() + offset),
          venueLibraryId: source.venueLibraryId,
          venueRoom: source.venueRoom,
          venueNote: source.venueNote,
          capacity: source.capacity,
          waitlistEnabled: source.waitlistEnabled,
          registrationOpensAt: shifted(source.registrationOpensAt, offset),
          registrationClosesAt: shifted(source.registrationClosesAt, offset),
          confirmationRequired: source.confirmationRequired,
          holdMinutes: source.holdMinutes,
          seatsPerLibrary: source.seatsPerLibrary,
        });
        if (!id) throw new AppError('conflict', `Another meeting has the address ${slug}.`);
        await meetingsRepository(tx).setThemes(
          id,
          source.themes.map((theme) => theme.themeId),
        );
        await agendaRepository(tx).replace(
          id,
          source.agendaItems.map((item) => ({
            position: item.position,
            startsAt: new Date(item.startsAt.getTime() + offset),
            endsAt: new Date(item.endsAt.getTime() + offset),
            title: item.title,
            kind: item.kind,
            speakerName: item.speakerName,
            speakerOrganisation: item.speakerOrganisation,
            description: item.description,
          })),
        );
        // The repeat asks the same questions (new ones: no answers come along).
        await questionsRepository(tx).replace(
          id,
          source.questions.map(({ label, kind, required, options }) => ({
            id: randomUUID(),
            label,
            kind,
            required,
            options,
          })),
        );
        await audit(tx, actor, context, 'meeting.created', id, { slug, title, duplicateOf: sourceId });
        return id;
      }, transactionOptions);
      return detail(meetingId, context.now);
    },

    /** Deletes a draft. A meeting the public has seen is cancelled instead (409). */
    async remove(idOrSlug: string, actor: Actor, context: WriteContext): Promise<void> {
      const meetingId = await idOf(idOrSlug);
      await underLock(meetingId, async (tx, meeting) => {
        if (meeting.status !== 'draft') {
          throw new AppError(
            'conflict',
            `Only a draft can be deleted; a meeting that is ${meeting.status} can be cancelled.`,
          );
        }
        await audit(tx, actor, context, 'meeting.deleted', meetingId, { title: meeting.title });
        await meetingsRepository(tx).remove(meetingId);
      });
    },
  };
}
