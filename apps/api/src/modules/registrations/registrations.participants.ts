// The coordinator's side of a meeting's registrations: the list with its filters, the export, the
// headcount for the host library, someone added by hand, a move between waitlist and seat, a
// cancellation on someone's behalf, and check-in at the door (offline changes included).
import { normalizeEmail } from '@bok/shared/members';
import type {
  CheckInState,
  Headcount,
  Participant,
  ParticipantList,
  ParticipantListQuery,
  ParticipantSortKey,
} from '@bok/shared/participants';
import { type participantAddSchema, participantListMax } from '@bok/shared/participants';
import { isChoice } from '@bok/shared/questions';
import type { z } from 'zod';
import type { Database, Transaction } from '../../db/prisma';
import { AppError, notFound } from '../../lib/app-error';
import type { AppConfig } from '../../lib/config';
import type { Actor } from '../api-keys/api-keys.service';
import { auditRepository } from '../audit/audit.repository';
import { enqueueEmails } from '../emails/emails.outbox';
import { questionsRepository } from '../questions/questions.repository';
import { answersOf } from './registrations.mapper';
import {
  type MeetingForRegistration,
  type ParticipantQuery,
  type ParticipantRow,
  registrationsRepository,
} from './registrations.repository';
import {
  assertNotTakenPlace,
  cancellationEmail,
  checkedAnswers,
  countByLibrary,
  libraryKeyOf,
  newRegistration,
  placeEmail,
  promotionEmail,
  transactionOptions,
  unknownLibrary,
} from './registrations.rules';
import { promoteFromWaitlist } from './registrations.waitlist';

export interface WriteContext {
  ip: string | null;
  now: Date;
}

/** A phone's clock may run ahead: a change from "the future" counts as made now. */
const clockSkewAllowanceMs = 5 * 60_000;

export function toParticipant(row: ParticipantRow): Participant {
  return {
    ...row,
    holdExpiresAt: row.holdExpiresAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    cancelledAt: row.cancelledAt?.toISOString() ?? null,
    checkedInAt: row.checkedInAt?.toISOString() ?? null,
    answers: answersOf(row.answers),
  };
}

function queryOf(query: Omit<ParticipantListQuery, 'locale'>): ParticipantQuery {
  const descending = query.sort.startsWith('-');
  return {
    q: query.q || undefined,
    status: query.status,
    libraryId: query.libraryId,
    checkedIn: query.checkedIn,
    sortKey: (descending ? query.sort.slice(1) : query.sort) as ParticipantSortKey,
    descending,
  };
}

/**
 * The check-in state after a change made at the door at `at`: the newest change wins, by the
 * door's clock, so a queue of offline changes replayed twice, or after a newer change from another
 * phone, settles where the last one put it. A repeated check-in keeps the first arrival time.
 */
export function nextCheckIn(
  current: { checkedInAt: Date | null; checkInChangedAt: Date | null },
  change: { checkedIn: boolean; at: Date },
): { checkedInAt: Date | null; changedAt: Date; applied: boolean } | null {
  if (current.checkInChangedAt && change.at <= current.checkInChangedAt) return null;
  const checkedInAt = change.checkedIn ? (current.checkedInAt ?? change.at) : null;
  return { checkedInAt, changedAt: change.at, applied: (current.checkedInAt !== null) !== change.checkedIn };
}

/**
 * Counted together: the same need written with other case or spacing is one need, shown as most
 * people wrote it (on a tie, the capitalised spelling: it reads as a list).
 */
function tally(values: Array<string | null>): Array<{ need: string; count: number }> {
  const groups = new Map<string, Map<string, number>>();
  for (const value of values) {
    const need = value?.trim().replace(/\s+/g, ' ');
    if (!need) continue;
    const key = need.toLocaleLowerCase('da');
    const spellings = groups.get(key) ?? new Map<string, number>();
    spellings.set(need, (spellings.get(need) ?? 0) + 1);
    groups.set(key, spellings);
  }
  const capitalised = (text: string) => text[0] !== text[0]!.toLocaleLowerCase('da');
  return [...groups.values()]
    .map((spellings) => {
      const [need] = [...spellings].sort(
        ([a, countA], [b, countB]) =>
          countB - countA || Number(capitalised(b)) - Number(capitalised(a)) || a.localeCompare(b, 'da'),
      )[0]!;
      return { need, count: [...spellings.values()].reduce((sum, count) => sum + count, 0) };
    })
    .sort((a, b) => b.count - a.count || a.need.localeCompare(b.need, 'da'));
}

export function participantsService(
  db: Database,
  config: AppConfig,
  options: { onSeatsChanged?(meetingId: string): void } = {},
) {
  const repository = registrationsRepository(db);

  async function meetingOf(idOrSlug: string): Promise<MeetingForRegistration> {
    const meeting = await repository.findMeetingByIdOrSlug(idOrSlug);
    if (!meeting) throw notFound('The meeting');
    return meeting;
  }

  const audit = (
    tx: Transaction,
    actor: Actor,
    context: WriteContext,
    action: string,
    registrationId: string,
    data: Record<string, string | number | boolean | null>,
  ) =>
    auditRepository(tx).record({
      actorType: actor.type,
      actorId: actor.id,
      action,
      entityType: 'registration',
      entityId: registrationId,
      data,
      ip: context.ip,
      at: context.now,
    });

  async function participant(id: string): Promise<Participant> {
    const row = await repository.findParticipant(id);
    if (!row) throw notFound('The registration');
    return toParticipant(row);
  }

  /** A registration the coordinator may change: one of a meeting that has not taken place. */
  async function lockChangeable(tx: Transaction, id: string, now: Date) {
    const row = await registrationsRepository(tx).findById(id);
    if (!row) throw notFound('The registration');
    const meeting = await registrationsRepository(tx).lockMeeting(row.meetingId);
    // Read again under the lock: a promotion or a cancellation may have changed it meanwhile.
    const current = await registrationsRepository(tx).findById(id);
    if (!meeting || !current) throw notFound('The registration');
    if (meeting.status === 'cancelled') throw new AppError('conflict', 'The meeting is cancelled.');
    assertNotTakenPlace(meeting, now);
    return { meeting, current };
  }

  /**
   * A change to one registration under its meeting's lock, the meeting's cached public reads told
   * afterwards (committed or not).
   */
  async function changeUnderLock(
    id: string,
    now: Date,
    change: (tx: Transaction, locked: Awaited<ReturnType<typeof lockChangeable>>) => Promise<void>,
  ): Promise<void> {
    let meetingId: string | undefined;
    await db
      .$transaction(async (tx) => {
        const locked = await lockChangeable(tx, id, now);
        meetingId = locked.meeting.id;
        await change(tx, locked);
      }, transactionOptions)
      .finally(() => {
        if (meetingId) options.onSeatsChanged?.(meetingId);
      });
  }

  return {
    async list(idOrSlug: string, query: Omit<ParticipantListQuery, 'locale'>): Promise<ParticipantList> {
      const meeting = await meetingOf(idOrSlug);
      const [rows, counts] = await Promise.all([
        repository.findParticipants(meeting.id, queryOf(query), participantListMax),
        repository.countParticipants(meeting.id),
      ]);
      return { items: rows.map(toParticipant), counts: { ...counts, capacity: meeting.capacity } };
    },

    /** The rows and the meeting's questions: what the CSV is made of. */
    async export(idOrSlug: string, query: Omit<ParticipantListQuery, 'locale'>) {
      const meeting = await meetingOf(idOrSlug);
      const [rows, questions] = await Promise.all([
        repository.findParticipants(meeting.id, queryOf(query), participantListMax),
        questionsRepository(db).list(meeting.id),
      ]);
      return { participants: rows.map(toParticipant), questions };
    },

    /** Who comes, by library, and the needs to plan for: numbers and the needs' texts, no names. */
    async headcount(idOrSlug: string): Promise<Headcount> {
      const meeting = await meetingOf(idOrSlug);
      const [rows, questions] = await Promise.all([
        repository.findParticipants(meeting.id, { sortKey: 'library', descending: false }, participantListMax),
        questionsRepository(db).list(meeting.id),
      ]);
      const seated = rows.filter((row) => row.status === 'confirmed');
      const byLibrary = new Map<string, number>();
      for (const row of seated) {
        const library = row.library?.name ?? row.libraryName ?? '';
        byLibrary.set(library, (byLibrary.get(library) ?? 0) + 1);
      }
      return {
        confirmed: seated.length,
        checkedIn: seated.filter((row) => row.checkedInAt !== null).length,
        waitlisted: rows.filter((row) => row.status === 'waitlisted').length,
        byLibrary: [...byLibrary]
          .map(([library, count]) => ({ library, count }))
          .sort((a, b) => b.count - a.count || a.library.localeCompare(b.library, 'da')),
        dietaryNeeds: tally(seated.map((row) => row.dietaryNeeds)),
        accessibilityNeeds: tally(seated.map((row) => row.accessibilityNeeds)),
        answers: questions
          .filter((question) => isChoice(question.kind) || question.kind === 'yes_no')
          .map((question) => ({
            questionId: question.id,
            label: question.label,
            counts: (question.kind === 'yes_no' ? ['true', 'false'] : question.options).map((answer) => ({
              answer,
              count: seated.filter((row) => {
                const given = answersOf(row.answers)[question.id];
                return Array.isArray(given) ? given.includes(answer) : String(given) === answer;
              }).length,
            })),
          })),
      };
    },

    /**
     * Someone added by the coordinator: a seat when one is free (and their library has seats left),
     * else the waitlist, as anyone; `overrideCapacity` seats them regardless, knowingly. One active
     * registration per address, as on the public form.
     */
    async add(
      idOrSlug: string,
      input: z.output<typeof participantAddSchema>,
      actor: Actor,
      context: WriteContext,
    ): Promise<Participant> {
      const found = await meetingOf(idOrSlug);
      if (input.libraryId && !(await repository.libraryExists(input.libraryId))) throw unknownLibrary();
      const emailNormalized = normalizeEmail(input.email);
      const id = await db
        .$transaction(async (tx) => {
          const writes = registrationsRepository(tx);
          const meeting = await writes.lockMeeting(found.id);
          if (!meeting) throw notFound('The meeting');
          if (meeting.status === 'cancelled' || meeting.status === 'draft')
            throw new AppError('conflict', `The meeting is ${meeting.status}: nobody can be added.`);
          assertNotTakenPlace(meeting, context.now);
          const counts = await writes.countWaitlistFindActiveByEmails(found.id, [emailNormalized]);
          if (counts.active.length > 0)
            throw new AppError('conflict', 'This address is registered for the meeting already.', {
              fields: [{ field: 'email', code: 'custom', message: 'already_registered' }],
            });
          const seats = countByLibrary(await writes.findSeatLibraries(found.id));
          const librarySeats =
            seats.get(libraryKeyOf({ libraryId: input.libraryId ?? null, libraryName: input.libraryName ?? null })) ??
            0;
          const seatFree =
            counts.confirmed < meeting.capacity &&
            (meeting.seatsPerLibrary === null || librarySeats < meeting.seatsPerLibrary);
          const place =
            seatFree || input.overrideCapacity
              ? ({ status: 'confirmed', waitlistPosition: null } as const)
              : ({ status: 'waitlisted', waitlistPosition: counts.lastPosition + 1 } as const);
          // Added by the coordinator, who may not know every answer yet: none is required (the
          // registrant can answer from their link); what is given is checked as on the form.
          const questions = await questionsRepository(tx).list(found.id);
          const answers = checkedAnswers(
            questions.map((question) => ({ ...question, required: false })),
            input.answers,
          );
          const row = {
            // Added by the coordinator on their word: no hold awaiting the address's confirmation.
            ...newRegistration(
              config,
              found,
              { ...input, consent: true },
              { emailNormalized, now: context.now },
              place,
            ),
            holdExpiresAt: null,
            answers,
          };
          await writes.createManyWithAuditEntries([row], []);
          if (input.notify) await enqueueEmails(tx, [placeEmail(row)]);
          await audit(tx, actor, context, 'registration.added', row.id, {
            meetingId: found.id,
            status: place.status,
            waitlistPosition: place.waitlistPosition,
            beyondCapacity: place.status === 'confirmed' && !seatFree,
            notified: input.notify,
          });
          return row.id;
        }, transactionOptions)
        .finally(() => options.onSeatsChanged?.(found.id));
      return participant(id);
    },

    /**
     * To a seat from the waitlist (when one is free, or beyond the capacity knowingly), or from a
     * seat to the waitlist's end, the freed seat going to the first in line. Positions stay 1, 2, 3 …
     */
    async move(
      id: string,
      input: { to: 'confirmed' | 'waitlisted'; overrideCapacity: boolean; notify: boolean },
      actor: Actor,
      context: WriteContext,
    ): Promise<Participant> {
      await changeUnderLock(id, context.now, async (tx, { meeting, current }) => {
        const writes = registrationsRepository(tx);
        if (current.status === input.to) return;
        if (current.status === 'cancelled')
          throw new AppError('conflict', 'The registration is cancelled: add the person again instead.');
        const counts = await writes.countWaitlist(meeting.id);
        if (input.to === 'confirmed') {
          const seats = countByLibrary(await writes.findSeatLibraries(meeting.id));
          const libraryFull =
            meeting.seatsPerLibrary !== null && (seats.get(libraryKeyOf(current)) ?? 0) >= meeting.seatsPerLibrary;
          if ((counts.confirmed >= meeting.capacity || libraryFull) && !input.overrideCapacity) {
            throw new AppError(
              'conflict',
              libraryFull
                ? `Their library has its ${meeting.seatsPerLibrary} seats: seat them beyond the cap only knowingly (overrideCapacity).`
                : `All ${meeting.capacity} seats are taken (${counts.confirmed} confirmed): seat them beyond the capacity only knowingly (overrideCapacity).`,
              { fields: [{ field: 'overrideCapacity', code: 'custom', message: 'meeting_full' }] },
            );
          }
          await writes.seat(id, context.now);
          await writes.compactWaitlist(meeting.id);
          if (input.notify && current.holdExpiresAt === null) await enqueueEmails(tx, [promotionEmail(current)]);
        } else {
          if (!meeting.waitlistEnabled)
            throw new AppError('conflict', 'The meeting has no waitlist: cancel the registration instead.');
          if (current.checkedInAt) throw new AppError('conflict', 'They have checked in: undo the check-in first.');
          // Nobody else waiting: the freed seat would go straight back to them.
          if (counts.waitlisted === 0 && counts.confirmed - 1 < meeting.capacity)
            throw new AppError('conflict', 'Nobody is waiting: the seat would go straight back to them.');
          const position = counts.lastPosition + 1;
          await writes.unseat(id, position);
          if (input.notify)
            await enqueueEmails(tx, [
              {
                kind: 'registration_waitlisted',
                dedupeKey: `unseated:${id}:${context.now.getTime()}`,
                registration: current,
                // Their calendar has the meeting: the e-mail takes it out.
                facts: { status: 'waitlisted', waitlistPosition: position, hadSeat: true },
              },
            ]);
          await promoteFromWaitlist(tx, meeting.id, context.now);
        }
        await audit(tx, actor, context, 'registration.moved', id, {
          meetingId: meeting.id,
          from: current.status,
          to: input.to,
          fromPosition: current.waitlistPosition,
          overrideCapacity: input.overrideCapacity,
          notified: input.notify,
        });
      });
      return participant(id);
    },

    /** On the registrant's behalf (they phoned): as their own cancellation, told or not. */
    async cancel(id: string, input: { notify: boolean }, actor: Actor, context: WriteContext): Promise<Participant> {
      await changeUnderLock(id, context.now, async (tx, { meeting, current }) => {
        const writes = registrationsRepository(tx);
        if (current.status === 'cancelled') return;
        // They came: a cancellation now would rewrite who was there.
        if (current.checkedInAt) throw new AppError('conflict', 'They have checked in: undo the check-in first.');
        await writes.cancel(id, context.now);
        if (input.notify) await enqueueEmails(tx, [cancellationEmail(current)]);
        await audit(tx, actor, context, 'registration.cancelled', id, {
          meetingId: meeting.id,
          previousStatus: current.status,
          waitlistPosition: current.waitlistPosition,
          notified: input.notify,
        });
        await promoteFromWaitlist(tx, meeting.id, context.now);
      });
      return participant(id);
    },

    /** Checked in, or the check-in undone; see nextCheckIn for how offline changes settle. */
    async setCheckIn(
      id: string,
      change: { checkedIn: boolean; at: Date | undefined },
      actor: Actor,
      context: WriteContext,
    ): Promise<CheckInState> {
      const at =
        !change.at || change.at.getTime() > context.now.getTime() + clockSkewAllowanceMs ? context.now : change.at;
      return db.$transaction(async (tx) => {
        const writes = registrationsRepository(tx);
        const row = await writes.lockForCheckIn(id);
        if (!row) throw notFound('The registration');
        if (row.meetingStatus === 'cancelled' || row.meetingStatus === 'draft')
          throw new AppError('conflict', `The meeting is ${row.meetingStatus}: nobody checks in.`);
        if (change.checkedIn && row.status !== 'confirmed')
          throw new AppError(
            'conflict',
            row.status === 'waitlisted'
              ? 'They are on the waitlist: give them a seat first.'
              : 'The registration is cancelled.',
          );
        const next = nextCheckIn(row, { checkedIn: change.checkedIn, at });
        if (!next) return { id, checkedInAt: row.checkedInAt?.toISOString() ?? null, applied: false };
        await writes.setCheckIn(id, next.checkedInAt, next.changedAt);
        if (next.applied)
          await audit(
            tx,
            actor,
            context,
            change.checkedIn ? 'registration.checked_in' : 'registration.check_in_undone',
            id,
            {
              meetingId: row.meetingId,
              at: at.toISOString(),
            },
          );
        return { id, checkedInAt: next.checkedInAt?.toISOString() ?? null, applied: next.applied };
      }, transactionOptions);
    },
  };
}
