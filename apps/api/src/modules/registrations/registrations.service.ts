import { randomUUID } from 'node:crypto';
import { registrationStateOf } from '@bok/shared/meetings';
import { normalizeEmail } from '@bok/shared/members';
import type {
  Registration,
  RegistrationCreated,
  RegistrationCreateParsed,
  RegistrationUpdate,
} from '@bok/shared/registrations';
import type { Database, Transaction } from '../../db/prisma';
import type { EmailKind, Prisma } from '../../generated/prisma/client';
import { AppError, notFound } from '../../lib/app-error';
import type { AppConfig } from '../../lib/config';
import { idempotencyKeysRepository, requestHash, type StoredAnswer } from '../../lib/idempotency';
import { hashToken, manageTokenFor, tokenMatches } from '../../lib/manage-token';
import { enqueueRegistrationEmail } from '../emails/emails.outbox';
import { toRegistration } from './registrations.mapper';
import {
  isUuid,
  type MeetingForRegistration,
  type RegistrationRow,
  registrationsRepository,
  type WaitlistCounts,
} from './registrations.repository';

/** One scope for every meeting: the meeting is part of the request hash, so a key reused on another meeting is a 422. */
export const registrationIdempotencyScope = 'POST /meetings/{id}/registrations';

/**
 * Under a burst (a popular meeting opening to the whole region) transactions queue for the meeting
 * lock; Prisma's default 2 s wait for a connection and 5 s run time would fail requests that are
 * only waiting their turn.
 */
const transactionOptions = { maxWait: 60_000, timeout: 60_000 } as const;

/**
 * Manage-link e-mails for one registration are written at most once per window. Anyone can ask
 * for the link by submitting the form with an address; this keeps that from filling the
 * registrant's inbox, and a retry within the window writes nothing.
 */
const manageLinkWindowMs = 10 * 60 * 1000;

/** Compared against when there is no registration, so an unknown id costs the same as a wrong token. */
const absentTokenHash = hashToken('no registration has this token');

export interface RequestContext {
  ip?: string | null;
  now?: Date;
}

export interface RegisterOutcome {
  /** 201 for a new registration; 202 when the address was already registered (see registrationCreatedSchema). */
  statusCode: 201 | 202;
  body: RegistrationCreated;
  /** The answer was stored under the Idempotency-Key by an earlier request. */
  replayed: boolean;
  /** The bot trap was filled: the answer looks real but nothing was created. */
  ignoredAsBot: boolean;
}

/** Thrown inside the transaction when another request stored the same Idempotency-Key first. */
class IdempotencyKeyTaken extends Error {}

/**
 * Refuses when the meeting does not take registrations now. "Full" is left to the caller: someone
 * already registered is told so (and gets the link) even when no seat is left.
 */
function assertOpenForRegistration(meeting: MeetingForRegistration, counts: WaitlistCounts, now: Date) {
  const state = registrationStateOf(meeting, { available: meeting.capacity - counts.confirmed }, now);
  switch (state) {
    case 'open':
    case 'waitlist':
    case 'full':
      return state;
    case 'not_yet_open':
      throw new AppError(
        'meeting_not_open',
        meeting.registrationOpensAt && meeting.registrationOpensAt > now
          ? `Registration opens at ${meeting.registrationOpensAt.toISOString()}.`
          : 'Registration has not opened yet.',
      );
    case 'cancelled':
      throw new AppError('meeting_not_open', 'The meeting is cancelled.');
    case 'closed':
      throw new AppError('meeting_not_open', 'Registration for the meeting has closed.');
  }
}

const meetingFull = () => new AppError('meeting_full', 'The meeting is full and has no waitlist.');

/** Where the next registrant goes: a free seat, or the end of the waitlist. */
function placeFor(meeting: MeetingForRegistration, counts: WaitlistCounts) {
  return counts.confirmed < meeting.capacity
    ? { status: 'confirmed' as const, waitlistPosition: null }
    : { status: 'waitlisted' as const, waitlistPosition: counts.lastPosition + 1 };
}

function replay(stored: StoredAnswer, hash: string): RegisterOutcome {
  if (stored.requestHash !== hash) {
    throw new AppError('idempotency_key_reused', 'This Idempotency-Key was used with a different request.');
  }
  return {
    statusCode: stored.status as 201 | 202,
    body: stored.body as RegistrationCreated,
    replayed: true,
    ignoredAsBot: false,
  };
}

/** Whether waitlisted people can still move up: not after the meeting has begun or ended, nor when it is off. */
function promotionsAllowed(meeting: MeetingForRegistration, now: Date): boolean {
  return (meeting.status === 'open' || meeting.status === 'closed') && now < meeting.startsAt;
}

/**
 * Fills free seats from the waitlist, first come first served, and closes up the positions.
 * Shared by cancellation and (later) the coordinator's capacity increase, which is why it promotes
 * as many as fit rather than one. Locks the meeting itself (a no-op when the caller holds the lock),
 * so it is safe to call from any transaction. Returns the promoted registrations' ids in order.
 */
export async function promoteFromWaitlist(
  tx: Transaction,
  config: AppConfig,
  meetingId: string,
  now: Date = new Date(),
): Promise<string[]> {
  const repository = registrationsRepository(tx);
  const meeting = await repository.lockMeeting(meetingId);
  if (!meeting) return [];
  const promoted: string[] = [];
  if (promotionsAllowed(meeting, now)) {
    const counts = await repository.countWaitlist(meetingId);
    const free = meeting.capacity - counts.confirmed;
    if (free > 0 && counts.waitlisted > 0) {
      const next = await repository.findWaitlisted(meetingId, free);
      promoted.push(...next.map((row) => row.id));
      await repository.confirmMany(promoted, now);
      for (const row of next) {
        await enqueueRegistrationEmail(tx, config, {
          kind: 'registration_promoted',
          registrationId: row.id,
          dedupeKey: `promoted:${row.id}`,
        });
        await repository.createAuditEntry({
          actorType: 'system',
          action: 'registration.promoted',
          entityId: row.id,
          data: { meetingId, fromPosition: row.waitlistPosition },
        });
      }
    }
  }
  await repository.compactWaitlist(meetingId);
  return promoted;
}

export function registrationsService(db: Database, config: AppConfig) {
  const repository = registrationsRepository(db);
  const idempotencyKeys = idempotencyKeysRepository(db);

  /** The registration behind a manage link; anything wrong is the same 404. */
  async function authorize(id: string, token: string | undefined): Promise<RegistrationRow> {
    const row = isUuid(id) && token ? await repository.findById(id) : null;
    const matches = tokenMatches(token ?? '', row?.manageTokenHash ?? absentTokenHash);
    if (!row || !matches) throw notFound('The registration');
    return row;
  }

  async function assertLibraryExists(libraryId: string | null | undefined) {
    if (libraryId && !(await repository.libraryExists(libraryId))) {
      throw new AppError('validation_failed', 'Some fields are not valid.', {
        fields: [{ field: 'libraryId', message: 'unknown_library', code: 'unknown_library' }],
      });
    }
  }

  /** Answers a filled-in bot trap as a person would be answered, without writing anything. */
  async function answerBot(meeting: MeetingForRegistration, now: Date): Promise<RegisterOutcome> {
    const counts = await repository.countWaitlist(meeting.id);
    if (assertOpenForRegistration(meeting, counts, now) === 'full') throw meetingFull();
    return {
      statusCode: 201,
      body: { id: randomUUID(), ...placeFor(meeting, counts) },
      replayed: false,
      ignoredAsBot: true,
    };
  }

  async function registerInTransaction(
    tx: Transaction,
    meetingId: string,
    input: RegistrationCreateParsed,
    idempotency: { key: string; hash: string } | undefined,
    context: RequestContext,
    now: Date,
  ): Promise<RegisterOutcome> {
    const locked = registrationsRepository(tx);
    const meeting = await locked.lockMeeting(meetingId);
    if (!meeting) throw notFound('The meeting');

    // Under the lock, a request that raced us with the same key (on this meeting) has committed.
    if (idempotency) {
      const stored = await idempotencyKeysRepository(tx).findLive(registrationIdempotencyScope, idempotency.key, now);
      if (stored) return replay(stored, idempotency.hash);
    }

    const emailNormalized = normalizeEmail(input.email);
    const { activeId, ...counts } = await locked.countWaitlistFindActiveByEmail(meetingId, emailNormalized);
    const state = assertOpenForRegistration(meeting, counts, now);

    let statusCode: 201 | 202;
    let body: RegistrationCreated;
    if (activeId) {
      const window = Math.floor(now.getTime() / manageLinkWindowMs);
      await enqueueRegistrationEmail(tx, config, {
        kind: 'registration_manage_link',
        registrationId: activeId,
        dedupeKey: `manage-link:${activeId}:${window}`,
      });
      await locked.createAuditEntry({
        actorType: 'registrant',
        action: 'registration.manage_link_requested',
        entityId: activeId,
        data: { meetingId },
        ip: context.ip ?? null,
      });
      statusCode = 202;
      body = { id: null, status: 'already_registered', waitlistPosition: null };
    } else {
      if (state === 'full') throw meetingFull();
      // The id is made here because the manage token is derived from it and only its hash is stored.
      const id = randomUUID();
      const place = placeFor(meeting, counts);
      await locked.createWithAuditEntry(
        {
          id,
          meetingId,
          name: input.name,
          email: input.email,
          emailNormalized,
          libraryId: input.libraryId ?? null,
          libraryName: input.libraryName ?? null,
          jobTitle: input.jobTitle ?? null,
          dietaryNeeds: input.dietaryNeeds ?? null,
          accessibilityNeeds: input.accessibilityNeeds ?? null,
          comment: input.comment ?? null,
          locale: input.locale,
          ...place,
          manageTokenHash: hashToken(manageTokenFor(config.appSecret, id)),
          consentAt: now,
        },
        { data: { meetingId, ...place }, ip: context.ip ?? null },
      );
      const kind: EmailKind = place.status === 'confirmed' ? 'registration_confirmed' : 'registration_waitlisted';
      await enqueueRegistrationEmail(tx, config, { kind, registrationId: id, dedupeKey: `${place.status}:${id}` });
      statusCode = 201;
      body = { id, ...place };
    }

    if (idempotency) {
      const stored = await idempotencyKeysRepository(tx).create(
        registrationIdempotencyScope,
        idempotency.key,
        { requestHash: idempotency.hash, status: statusCode, body },
        now,
      );
      if (!stored) throw new IdempotencyKeyTaken();
    }
    return { statusCode, body, replayed: false, ignoredAsBot: false };
  }

  return {
    /**
     * Registers a person for a meeting (by id or slug). Only successful answers are stored under
     * an Idempotency-Key: a refusal (not open, full) wrote nothing, so a retry is simply tried again.
     */
    async register(
      meetingIdOrSlug: string,
      input: RegistrationCreateParsed,
      context: RequestContext & { idempotencyKey?: string | undefined } = {},
    ): Promise<RegisterOutcome> {
      const now = context.now ?? new Date();
      const meeting = await repository.findMeetingByIdOrSlug(meetingIdOrSlug);
      if (!meeting || meeting.status === 'draft') throw notFound('The meeting');

      if (input.website?.trim()) return answerBot(meeting, now);

      const { website: _trap, ...fingerprint } = input;
      const idempotency = context.idempotencyKey
        ? { key: context.idempotencyKey, hash: requestHash({ meetingId: meeting.id, body: fingerprint }) }
        : undefined;
      if (idempotency) {
        // Most retries end here, without queueing for the meeting lock.
        const stored = await idempotencyKeys.findLive(registrationIdempotencyScope, idempotency.key, now);
        if (stored) return replay(stored, idempotency.hash);
      }
      await assertLibraryExists(input.libraryId);

      try {
        return await db.$transaction(
          (tx) => registerInTransaction(tx, meeting.id, input, idempotency, context, now),
          transactionOptions,
        );
      } catch (error) {
        if (!(error instanceof IdempotencyKeyTaken) || !idempotency) throw error;
        // The same key on another meeting, committed while we worked: its answer (or a 422) wins.
        const stored = await idempotencyKeys.findLive(registrationIdempotencyScope, idempotency.key, now);
        if (!stored) throw error;
        return replay(stored, idempotency.hash);
      }
    },

    async get(id: string, token: string | undefined): Promise<Registration> {
      return toRegistration(await authorize(id, token));
    },

    /** Needs, comment, library, job title, language. Seats are not touched, so no meeting lock. */
    async update(
      id: string,
      token: string | undefined,
      patch: RegistrationUpdate,
      context: RequestContext = {},
    ): Promise<Registration> {
      const row = await authorize(id, token);
      if (row.status === 'cancelled') throw new AppError('conflict', 'The registration is cancelled.');
      await assertLibraryExists(patch.libraryId);

      const data: Prisma.RegistrationUncheckedUpdateInput = {};
      if (patch.jobTitle !== undefined) data.jobTitle = patch.jobTitle;
      if (patch.dietaryNeeds !== undefined) data.dietaryNeeds = patch.dietaryNeeds;
      if (patch.accessibilityNeeds !== undefined) data.accessibilityNeeds = patch.accessibilityNeeds;
      if (patch.comment !== undefined) data.comment = patch.comment;
      if (patch.locale !== undefined) data.locale = patch.locale;
      // A library is either one from the list or free text: choosing one clears the other.
      if (patch.libraryId !== undefined) data.libraryId = patch.libraryId;
      if (patch.libraryName !== undefined) data.libraryName = patch.libraryName;
      if (patch.libraryId && patch.libraryName === undefined) data.libraryName = null;
      if (patch.libraryName && patch.libraryId === undefined) data.libraryId = null;
      const libraryId = data.libraryId !== undefined ? data.libraryId : row.libraryId;
      const libraryName = data.libraryName !== undefined ? data.libraryName : row.libraryName;
      if (!libraryId && !libraryName) {
        throw new AppError('validation_failed', 'Some fields are not valid.', {
          fields: [{ field: 'libraryId', message: 'library_required', code: 'library_required' }],
        });
      }

      const updated = await db.$transaction(async (tx) => {
        const repository = registrationsRepository(tx);
        // Checked again in the write: a cancellation may have landed since the read above.
        const current = await repository.updateUnlessCancelled(id, data);
        if (!current) throw new AppError('conflict', 'The registration is cancelled.');
        await repository.createAuditEntry({
          actorType: 'registrant',
          action: 'registration.updated',
          entityId: id,
          // Field names only: the values (health, diet) stay in the registration.
          data: { fields: Object.keys(data) },
          ip: context.ip ?? null,
        });
        return current;
      }, transactionOptions);
      return toRegistration(updated);
    },

    /**
     * Cancels a registration and, in the same transaction, gives its seat to the waitlist. Cancelling
     * a cancelled registration succeeds and changes nothing: DELETE is idempotent, so a double click
     * or a retry after a lost answer is not an error (and writes no second e-mail).
     */
    async cancel(id: string, token: string | undefined, context: RequestContext = {}): Promise<void> {
      const row = await authorize(id, token);
      if (row.status === 'cancelled') return;
      const now = context.now ?? new Date();

      await db.$transaction(async (tx) => {
        const repository = registrationsRepository(tx);
        const meeting = await repository.lockMeeting(row.meetingId);
        // Read again under the lock: a concurrent cancel or a promotion may have changed it.
        const current = await repository.findById(id);
        if (!meeting || !current || current.status === 'cancelled') return;
        if (meeting.status === 'held' || now >= meeting.endsAt) {
          throw new AppError('conflict', 'The meeting has taken place; its registrations are kept as they were.');
        }
        await repository.update(id, { status: 'cancelled', waitlistPosition: null, cancelledAt: now });
        await enqueueRegistrationEmail(tx, config, {
          kind: 'registration_cancelled',
          registrationId: id,
          dedupeKey: `cancelled:${id}`,
        });
        await repository.createAuditEntry({
          actorType: 'registrant',
          action: 'registration.cancelled',
          entityId: id,
          data: {
            meetingId: row.meetingId,
            previousStatus: current.status,
            waitlistPosition: current.waitlistPosition,
          },
          ip: context.ip ?? null,
        });
        // A freed seat goes to the waitlist; a freed waitlist place closes up. Both happen here.
        await promoteFromWaitlist(tx, config, row.meetingId, now);
      }, transactionOptions);
    },
  };
}

export type RegistrationsService = ReturnType<typeof registrationsService>;
