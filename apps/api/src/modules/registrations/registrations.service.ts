import { randomUUID } from 'node:crypto';
import { isUuid } from '@bok/shared/common';
import { fieldErrorCode } from '@bok/shared/errors';
import { registrationStateOf } from '@bok/shared/meetings';
import { normalizeEmail } from '@bok/shared/members';
import type {
  Registration,
  RegistrationCreated,
  RegistrationCreatedNew,
  RegistrationCreateParsed,
  RegistrationUpdate,
} from '@bok/shared/registrations';
import type { FastifyBaseLogger } from 'fastify';
import type { Database, Transaction } from '../../db/prisma';
import type { Prisma } from '../../generated/prisma/client';
import { AppError, notFound } from '../../lib/app-error';
import type { AppConfig } from '../../lib/config';
import { isDatabaseUnavailable } from '../../lib/db-errors';
import { idempotencyKeysRepository, requestHash, type StoredAnswer } from '../../lib/idempotency';
import { hashToken, manageTokenFor, tokenMatches } from '../../lib/manage-token';
import { enqueueEmails, type OutboxEntry } from '../emails/emails.outbox';
import { createBatcher, type Settled } from './registrations.batcher';
import { toRegistration } from './registrations.mapper';
import {
  type ActiveRegistration,
  type AuditEntry,
  type MeetingForRegistration,
  type NewRegistration,
  type Place,
  type RegistrationWithMeeting,
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
 * Registrations for one meeting written in one transaction at most. A batch of 200 takes a few
 * tens of milliseconds under the lock; bigger ones would make the registrants behind them wait
 * longer without making the whole go faster.
 */
const defaultMaxBatchSize = 200;

/**
 * Manage-link e-mails for one registration are written at most once per window. Anyone can ask
 * for the link by submitting the form with an address; this keeps that from filling the
 * registrant's inbox, and a retry within the window writes nothing.
 */
const manageLinkWindowMs = 10 * 60 * 1000;

/**
 * How long after its meeting has ended a manage link still works. Afterwards it is answered like a
 * wrong token (404): there is nothing left to manage, and an old e-mail should not open personal
 * data for ever. A duration, not calendar days: an hour either way across a clock change does not matter.
 */
export const manageLinkDaysAfterMeeting = 60;
const manageLinkLifetimeAfterMeetingMs = manageLinkDaysAfterMeeting * 24 * 60 * 60 * 1000;

/** Manage-token hashes rewritten per transaction when APP_SECRET has changed. */
const reissueChunkSize = 500;

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

export interface RegistrationsServiceOptions {
  /** Where a failed batch is reported (its registrations are then tried one by one). */
  logger?: Pick<FastifyBaseLogger, 'warn' | 'info'>;
  maxBatchSize?: number;
  /**
   * Told after a write that may have changed a meeting's seats has ended (committed or not),
   * before its answers are sent: cached public reads of the meeting are replaced then.
   */
  onSeatsChanged?(meetingId: string): void;
}

/** A registration checked and parsed, waiting for its meeting's next batch. */
interface PendingRegistration {
  input: RegistrationCreateParsed;
  emailNormalized: string;
  idempotency: { key: string; hash: string } | undefined;
  ip: string | null;
  now: Date;
}

/** Thrown inside the transaction when another request stored the same Idempotency-Key first. */
class IdempotencyKeyTaken extends Error {
  override name = 'IdempotencyKeyTaken';
}

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

const unknownLibrary = () =>
  new AppError('validation_failed', 'Some fields are not valid.', {
    fields: [{ field: 'libraryId', message: fieldErrorCode.unknown_library, code: fieldErrorCode.unknown_library }],
  });

const libraryRequired = () =>
  new AppError('validation_failed', 'Some fields are not valid.', {
    fields: [{ field: 'libraryId', message: fieldErrorCode.library_required, code: fieldErrorCode.library_required }],
  });

/** The database is down or not answering: every registration waiting for it gets this at once. */
const databaseUnavailable = (cause: unknown) =>
  new AppError('service_unavailable', 'Registration is not possible right now. Please try again in a moment.', {
    headers: { 'retry-after': '30' },
    cause,
  });

const alreadyRegistered: RegistrationCreated = { id: null, status: 'already_registered', waitlistPosition: null };

/** Where the next registrant goes: a free seat, or the end of the waitlist. */
function placeFor(meeting: MeetingForRegistration, counts: WaitlistCounts): Place {
  return counts.confirmed < meeting.capacity
    ? { status: 'confirmed', waitlistPosition: null }
    : { status: 'waitlisted', waitlistPosition: counts.lastPosition + 1 };
}

/** The 201 answer for a new registration. */
function createdAnswer(row: NewRegistration): RegistrationCreatedNew {
  return row.status === 'confirmed'
    ? { id: row.id, status: row.status, waitlistPosition: null }
    : { id: row.id, status: row.status, waitlistPosition: row.waitlistPosition };
}

/**
 * A meeting that has taken place keeps its registrations as they were (who came, with which
 * needs): they can no longer be changed or cancelled.
 */
function assertNotTakenPlace(meeting: { status: MeetingForRegistration['status']; endsAt: Date }, now: Date) {
  if (meeting.status === 'held' || now >= meeting.endsAt) {
    throw new AppError('conflict', 'The meeting has taken place; its registrations are kept as they were.');
  }
}

/** Whether a manage link of a registration for this meeting has run out (see manageLinkDaysAfterMeeting). */
function manageLinkExpired(meeting: { endsAt: Date }, now: Date): boolean {
  return now.getTime() > meeting.endsAt.getTime() + manageLinkLifetimeAfterMeetingMs;
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

function newRegistration(
  config: AppConfig,
  meetingId: string,
  pending: PendingRegistration,
  place: Place,
): NewRegistration {
  const { input } = pending;
  // The id is made here because the manage token is derived from it and only its hash is stored.
  const id = randomUUID();
  return {
    id,
    meetingId,
    name: input.name,
    email: input.email,
    emailNormalized: pending.emailNormalized,
    libraryId: input.libraryId ?? null,
    libraryName: input.libraryName ?? null,
    jobTitle: input.jobTitle ?? null,
    dietaryNeeds: input.dietaryNeeds ?? null,
    accessibilityNeeds: input.accessibilityNeeds ?? null,
    comment: input.comment ?? null,
    locale: input.locale,
    ...place,
    manageTokenHash: hashToken(manageTokenFor(config.appSecret, id)),
    consentAt: pending.now,
  };
}

const createdAuditEntry = (row: NewRegistration, ip: string | null): AuditEntry => ({
  actorType: 'registrant',
  action: 'registration.created',
  entityId: row.id,
  data: { meetingId: row.meetingId, status: row.status, waitlistPosition: row.waitlistPosition },
  ip,
});

const manageLinkAuditEntry = (meetingId: string, registrationId: string, ip: string | null): AuditEntry => ({
  actorType: 'registrant',
  action: 'registration.manage_link_requested',
  entityId: registrationId,
  data: { meetingId },
  ip,
});

/** The confirmation or the waitlist e-mail of a new registration. */
function placeEmail(row: NewRegistration): OutboxEntry {
  return {
    kind: row.status === 'confirmed' ? 'registration_confirmed' : 'registration_waitlisted',
    dedupeKey: `${row.status}:${row.id}`,
    registration: row,
    facts: { status: row.status, waitlistPosition: row.waitlistPosition, hadSeat: row.status === 'confirmed' },
  };
}

/** The manage link again, to the address the registration was made with (at most once per window). */
function manageLinkEmail(active: ActiveRegistration, meetingId: string, now: Date): OutboxEntry {
  const window = Math.floor(now.getTime() / manageLinkWindowMs);
  return {
    kind: 'registration_manage_link',
    dedupeKey: `manage-link:${active.id}:${window}`,
    registration: { ...active, meetingId },
    facts: { status: active.status, waitlistPosition: active.waitlistPosition, hadSeat: active.status === 'confirmed' },
  };
}

/**
 * Fills free seats from the waitlist, first come first served, and closes up the positions.
 * Shared by cancellation and (later) the coordinator's capacity increase, which is why it promotes
 * as many as fit rather than one. Locks the meeting itself (a no-op when the caller holds the lock),
 * so it is safe to call from any transaction. Returns the promoted registrations' ids in order.
 */
export async function promoteFromWaitlist(
  tx: Transaction,
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
      await enqueueEmails(
        tx,
        next.map((row) => ({
          kind: 'registration_promoted',
          dedupeKey: `promoted:${row.id}`,
          registration: row,
          facts: { status: 'confirmed', waitlistPosition: null, hadSeat: true },
        })),
      );
      await repository.createAuditEntries(
        next.map((row) => ({
          actorType: 'system',
          action: 'registration.promoted',
          entityId: row.id,
          data: { meetingId, fromPosition: row.waitlistPosition },
        })),
      );
    }
  }
  await repository.compactWaitlist(meetingId);
  return promoted;
}

export function registrationsService(db: Database, config: AppConfig, options: RegistrationsServiceOptions = {}) {
  const repository = registrationsRepository(db);
  const idempotencyKeys = idempotencyKeysRepository(db);

  /**
   * The registration behind a manage link. Anything wrong is the same 404: an unknown or malformed
   * id, a wrong or missing token, and a link that has run out (see manageLinkDaysAfterMeeting).
   */
  async function authorize(id: string, token: string | undefined, now: Date): Promise<RegistrationWithMeeting> {
    const row = isUuid(id) && token ? await repository.findByIdWithMeeting(id) : null;
    const matches = tokenMatches(token ?? '', row?.manageTokenHash ?? absentTokenHash);
    if (!row || !matches || manageLinkExpired(row.meeting, now)) throw notFound('The registration');
    return row;
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

  /**
   * Decides a batch of registrations for one meeting in one transaction, in arrival order, by
   * exactly the rules of a single registration: the meeting is locked once, what the rules need
   * is read in a few queries, each registration is decided in turn against the counts as the
   * ones before it left them, and everything is written in one multi-row insert per table.
   * A refusal (not open, full, a reused key, an unknown library) is that registration's answer
   * and writes nothing; anything else fails the whole batch (see the batcher).
   */
  async function registerBatch(
    meetingId: string,
    batch: PendingRegistration[],
  ): Promise<Array<Settled<RegisterOutcome>>> {
    return db.$transaction(async (tx) => {
      const locked = registrationsRepository(tx);
      const storedKeys = idempotencyKeysRepository(tx);
      const meeting = await locked.lockMeeting(meetingId);
      if (!meeting || meeting.status === 'draft') {
        return batch.map(() => ({ ok: false as const, error: notFound('The meeting') }));
      }

      const unique = (values: Array<string | undefined>) => [...new Set(values.filter((value) => value !== undefined))];
      const keys = unique(batch.map((pending) => pending.idempotency?.key));
      const libraryIds = unique(batch.map((pending) => pending.input.libraryId));
      const { active, ...counts } = await locked.countWaitlistFindActiveByEmails(
        meetingId,
        unique(batch.map((pending) => pending.emailNormalized)),
      );
      const libraries = libraryIds.length ? await locked.findLibraryIds(libraryIds) : new Set<string>();
      // Under the lock, requests that raced these with the same key (on this meeting) have committed.
      const earliest = new Date(Math.min(...batch.map((pending) => pending.now.getTime())));
      const answers = keys.length
        ? await storedKeys.findManyLive(registrationIdempotencyScope, keys, earliest)
        : new Map<string, StoredAnswer>();
      const activeByEmail = new Map(active.map((registration) => [registration.emailNormalized, registration]));

      const registrations: NewRegistration[] = [];
      const audit: AuditEntry[] = [];
      const emails = new Map<string, OutboxEntry>();
      const newAnswers: Array<{ key: string; answer: StoredAnswer; now: Date }> = [];

      const decide = (pending: PendingRegistration): RegisterOutcome => {
        const { idempotency, now, ip } = pending;
        if (idempotency) {
          // Stored before, or by an earlier registration of this batch.
          const answer = answers.get(idempotency.key);
          if (answer) return replay(answer, idempotency.hash);
        }
        if (pending.input.libraryId && !libraries.has(pending.input.libraryId)) throw unknownLibrary();
        const state = assertOpenForRegistration(meeting, counts, now);

        let statusCode: 201 | 202;
        let body: RegistrationCreated;
        const existing = activeByEmail.get(pending.emailNormalized);
        if (existing) {
          const email = manageLinkEmail(existing, meetingId, now);
          emails.set(email.dedupeKey, email);
          audit.push(manageLinkAuditEntry(meetingId, existing.id, ip));
          statusCode = 202;
          body = alreadyRegistered;
        } else {
          if (state === 'full') throw meetingFull();
          const row = newRegistration(config, meetingId, pending, placeFor(meeting, counts));
          registrations.push(row);
          audit.push(createdAuditEntry(row, ip));
          const email = placeEmail(row);
          emails.set(email.dedupeKey, email);
          if (row.status === 'confirmed') counts.confirmed += 1;
          else {
            counts.waitlisted += 1;
            counts.lastPosition = row.waitlistPosition;
          }
          // A second submission of the address later in this batch is "already registered".
          activeByEmail.set(pending.emailNormalized, row);
          statusCode = 201;
          body = createdAnswer(row);
        }
        if (idempotency) {
          const answer = { requestHash: idempotency.hash, status: statusCode, body };
          answers.set(idempotency.key, answer);
          newAnswers.push({ key: idempotency.key, answer, now });
        }
        return { statusCode, body, replayed: false, ignoredAsBot: false };
      };

      const outcomes = batch.map((pending): Settled<RegisterOutcome> => {
        try {
          return { ok: true, value: decide(pending) };
        } catch (error) {
          if (error instanceof AppError) return { ok: false, error };
          throw error;
        }
      });

      if (registrations.length || audit.length) await locked.createManyWithAuditEntries(registrations, audit);
      await enqueueEmails(tx, [...emails.values()]);
      if (newAnswers.length) {
        const stored = await storedKeys.createMany(registrationIdempotencyScope, newAnswers);
        // The same key on another meeting (which does not share our lock) got there first.
        if (stored.size < newAnswers.length) throw new IdempotencyKeyTaken();
      }
      return outcomes;
    }, transactionOptions);
  }

  /** One registration in a transaction of its own: the path a registration takes when its batch failed. */
  async function registerInTransaction(
    tx: Transaction,
    meetingId: string,
    pending: PendingRegistration,
  ): Promise<RegisterOutcome> {
    const { input, idempotency, now, ip } = pending;
    const locked = registrationsRepository(tx);
    const meeting = await locked.lockMeeting(meetingId);
    if (!meeting || meeting.status === 'draft') throw notFound('The meeting');

    // Under the lock, a request that raced us with the same key (on this meeting) has committed.
    if (idempotency) {
      const stored = await idempotencyKeysRepository(tx).findLive(registrationIdempotencyScope, idempotency.key, now);
      if (stored) return replay(stored, idempotency.hash);
    }
    if (input.libraryId && !(await locked.libraryExists(input.libraryId))) throw unknownLibrary();

    const {
      active: [existing],
      ...counts
    } = await locked.countWaitlistFindActiveByEmails(meetingId, [pending.emailNormalized]);
    const state = assertOpenForRegistration(meeting, counts, now);

    let statusCode: 201 | 202;
    let body: RegistrationCreated;
    if (existing) {
      await enqueueEmails(tx, [manageLinkEmail(existing, meetingId, now)]);
      await locked.createAuditEntry(manageLinkAuditEntry(meetingId, existing.id, ip));
      statusCode = 202;
      body = alreadyRegistered;
    } else {
      if (state === 'full') throw meetingFull();
      const row = newRegistration(config, meetingId, pending, placeFor(meeting, counts));
      await locked.createManyWithAuditEntries([row], [createdAuditEntry(row, ip)]);
      await enqueueEmails(tx, [placeEmail(row)]);
      statusCode = 201;
      body = createdAnswer(row);
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

  async function registerOne(meetingId: string, pending: PendingRegistration): Promise<RegisterOutcome> {
    try {
      return await db.$transaction((tx) => registerInTransaction(tx, meetingId, pending), transactionOptions);
    } catch (error) {
      if (isDatabaseUnavailable(error)) throw databaseUnavailable(error);
      const { idempotency } = pending;
      if (!(error instanceof IdempotencyKeyTaken) || !idempotency) throw error;
      // The same key on another meeting, committed while we worked: its answer (or a 422) wins.
      const stored = await idempotencyKeys.findLive(registrationIdempotencyScope, idempotency.key, pending.now);
      if (!stored) throw error;
      return replay(stored, idempotency.hash);
    }
  }

  const batcher = createBatcher<PendingRegistration, RegisterOutcome>({
    maxBatchSize: options.maxBatchSize ?? defaultMaxBatchSize,
    async runBatch(meetingId, batch) {
      try {
        return await registerBatch(meetingId, batch);
      } finally {
        options.onSeatsChanged?.(meetingId);
      }
    },
    async runOne(meetingId, pending) {
      try {
        return await registerOne(meetingId, pending);
      } finally {
        options.onSeatsChanged?.(meetingId);
      }
    },
    // One by one, each registration would wait out the same outage again (up to a minute each).
    failEveryItemWith: (error) => (isDatabaseUnavailable(error) ? databaseUnavailable(error) : undefined),
    onBatchFailed(meetingId, error, size) {
      if (isDatabaseUnavailable(error)) {
        options.logger?.warn(
          { err: error, meetingId, size },
          'registration batch failed: database unavailable; all answered 503',
        );
      } else if (error instanceof IdempotencyKeyTaken) {
        options.logger?.info({ meetingId, size }, 'registration batch met a key taken on another meeting; one by one');
      } else {
        options.logger?.warn({ err: error, meetingId, size }, 'registration batch failed; registering one by one');
      }
    },
  });

  return {
    /**
     * Registers a person for a meeting (by id or slug). Only successful answers are stored under
     * an Idempotency-Key: a refusal (not open, full) wrote nothing, so a retry is simply tried again.
     * Concurrent registrations for one meeting are decided together (see registerBatch).
     */
    async register(
      meetingIdOrSlug: string,
      input: RegistrationCreateParsed,
      context: RequestContext & { idempotencyKey?: string | undefined } = {},
    ): Promise<RegisterOutcome> {
      const now = context.now ?? new Date();
      const isBot = Boolean(input.website?.trim());

      // An id goes straight to its batch, which reads the meeting under the lock (and answers 404
      // there); a slug, and the bot trap's answer, need the meeting first.
      let meetingId: string;
      if (isUuid(meetingIdOrSlug) && !isBot) {
        meetingId = meetingIdOrSlug.toLowerCase();
      } else {
        const meeting = await repository.findMeetingByIdOrSlug(meetingIdOrSlug);
        if (!meeting || meeting.status === 'draft') throw notFound('The meeting');
        if (isBot) return answerBot(meeting, now);
        meetingId = meeting.id;
      }

      const { website: _trap, ...fingerprint } = input;
      const idempotency = context.idempotencyKey
        ? { key: context.idempotencyKey, hash: requestHash({ meetingId, body: fingerprint }) }
        : undefined;
      if (idempotency) {
        // Most retries end here, without queueing for the meeting lock. A key that does not match
        // is answered in the batch, after the meeting is known to exist.
        const stored = await idempotencyKeys.findLive(registrationIdempotencyScope, idempotency.key, now);
        if (stored?.requestHash === idempotency.hash) return replay(stored, idempotency.hash);
      }

      return batcher.submit(meetingId, {
        input,
        emailNormalized: normalizeEmail(input.email),
        idempotency,
        ip: context.ip ?? null,
        now,
      });
    },

    /** Registrations waiting for their meeting's next batch in this process (for monitoring and tests). */
    waitingRegistrations(meetingId: string): number {
      return batcher.waiting(meetingId.toLowerCase());
    },

    async get(id: string, token: string | undefined, context: RequestContext = {}): Promise<Registration> {
      return toRegistration(await authorize(id, token, context.now ?? new Date()));
    },

    /**
     * Needs, comment, library, job title, language. Seats are not touched, so the registration's
     * row is locked rather than the meeting: the rules are checked on the row as the write finds it.
     */
    async update(
      id: string,
      token: string | undefined,
      patch: RegistrationUpdate,
      context: RequestContext = {},
    ): Promise<Registration> {
      const now = context.now ?? new Date();
      await authorize(id, token, now);

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

      const updated = await db.$transaction(async (tx) => {
        const repository = registrationsRepository(tx);
        // Read under the row lock: another change (a PATCH, a cancellation) has committed, and none
        // can land between these checks and the write.
        const current = await repository.lockByIdWithMeeting(id);
        if (!current) throw notFound('The registration');
        if (current.status === 'cancelled') throw new AppError('conflict', 'The registration is cancelled.');
        assertNotTakenPlace(current.meeting, now);
        if (patch.libraryId && !(await repository.libraryExists(patch.libraryId))) throw unknownLibrary();
        const libraryId = data.libraryId !== undefined ? data.libraryId : current.libraryId;
        const libraryName = data.libraryName !== undefined ? data.libraryName : current.libraryName;
        if (!libraryId && !libraryName) throw libraryRequired();

        const row = await repository.update(id, data);
        await repository.createAuditEntry({
          actorType: 'registrant',
          action: 'registration.updated',
          entityId: id,
          // Field names only: the values (health, diet) stay in the registration.
          data: { fields: Object.keys(data) },
          ip: context.ip ?? null,
        });
        return row;
      }, transactionOptions);
      return toRegistration(updated);
    },

    /**
     * Cancels a registration and, in the same transaction, gives its seat to the waitlist. Cancelling
     * a cancelled registration succeeds and changes nothing: DELETE is idempotent, so a double click
     * or a retry after a lost answer is not an error (and writes no second e-mail).
     */
    async cancel(id: string, token: string | undefined, context: RequestContext = {}): Promise<void> {
      const now = context.now ?? new Date();
      const row = await authorize(id, token, now);
      if (row.status === 'cancelled') return;

      await db
        .$transaction(async (tx) => {
          const repository = registrationsRepository(tx);
          const meeting = await repository.lockMeeting(row.meetingId);
          // Read again under the lock: a concurrent cancel or a promotion may have changed it.
          const current = await repository.findById(id);
          if (!meeting || !current || current.status === 'cancelled') return;
          assertNotTakenPlace(meeting, now);
          await repository.update(id, { status: 'cancelled', waitlistPosition: null, cancelledAt: now });
          await enqueueEmails(tx, [
            {
              kind: 'registration_cancelled',
              dedupeKey: `cancelled:${id}`,
              registration: current,
              // A seat is in their calendar (the confirmation or promotion carried it): the e-mail takes it out.
              facts: {
                status: 'cancelled',
                waitlistPosition: null,
                hadSeat: current.status === 'confirmed' || current.promotedAt !== null,
              },
            },
          ]);
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
          await promoteFromWaitlist(tx, row.meetingId, now);
        }, transactionOptions)
        .finally(() => options.onSeatsChanged?.(row.meetingId));
    },
  };
}

export type RegistrationsService = ReturnType<typeof registrationsService>;

/**
 * Makes a change of APP_SECRET a clean rotation. The stored hash is what a manage link is checked
 * against, and e-mails derive their links from the current secret: after a change, links in new
 * e-mails would not work while those in old ones still did. Run at startup, before requests are
 * served: when the newest registration's hash is not that of its token under the current secret,
 * every registration's hash is rewritten (in creation order, `chunkSize` per transaction, so an
 * interrupted run leaves the newest one for last and is simply run again at the next start).
 * Links in e-mails sent before then stop working; the registrants get working ones with their next
 * e-mail (or by submitting the form again, which e-mails the link).
 */
export async function reissueManageTokensIfSecretChanged(
  db: Database,
  config: Pick<AppConfig, 'appSecret'>,
  logger: Pick<FastifyBaseLogger, 'warn'>,
  options: { chunkSize?: number } = {},
): Promise<{ reissued: number }> {
  const chunkSize = options.chunkSize ?? reissueChunkSize;
  const hashFor = (id: string) => hashToken(manageTokenFor(config.appSecret, id));
  const latest = await registrationsRepository(db).findLatestManageToken();
  if (!latest || latest.manageTokenHash === hashFor(latest.id)) return { reissued: 0 };

  let reissued = 0;
  let after: { createdAt: Date; id: string } | null = null;
  for (;;) {
    const chunk: { rewritten: number; size: number; last: { createdAt: Date; id: string } | null } =
      await db.$transaction(async (tx) => {
        const repository = registrationsRepository(tx);
        const rows = await repository.findManageTokensAfter(after, chunkSize);
        const changed = rows
          .map((row) => ({ id: row.id, manageTokenHash: hashFor(row.id), stored: row.manageTokenHash }))
          .filter((row) => row.manageTokenHash !== row.stored);
        const rewritten = changed.length ? await repository.updateManageTokenHashes(changed) : 0;
        return { rewritten, size: rows.length, last: rows.at(-1) ?? null };
      }, transactionOptions);
    reissued += chunk.rewritten;
    if (chunk.size < chunkSize) break;
    after = chunk.last;
  }
  logger.warn(
    { reissued },
    'APP_SECRET has changed: manage tokens re-issued for all registrations; manage links in e-mails sent before no longer work',
  );
  return { reissued };
}
