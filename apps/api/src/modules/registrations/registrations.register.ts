// Registering for a meeting: concurrent registrations for one meeting are decided together, in
// arrival order, in one transaction under the meeting lock (group commit, see
// docs/decisions/0004-group-commit-and-rendering-at-delivery.md); a failed batch is retried one by one.
import { randomUUID } from 'node:crypto';
import { isUuid } from '@bok/shared/common';
import { normalizeEmail } from '@bok/shared/members';
import type { RegistrationCreated, RegistrationCreateParsed } from '@bok/shared/registrations';
import type { FastifyBaseLogger } from 'fastify';
import type { Database, Transaction } from '../../db/prisma';
import { AppError, notFound } from '../../lib/app-error';
import type { AppConfig } from '../../lib/config';
import { isDatabaseUnavailable } from '../../lib/db-errors';
import { idempotencyKeysRepository, requestHash, type StoredAnswer } from '../../lib/idempotency';
import { enqueueEmails, type OutboxEntry } from '../emails/emails.outbox';
import { questionsRepository } from '../questions/questions.repository';
import { createBatcher, type Settled } from './registrations.batcher';
import {
  type AuditEntry,
  type MeetingForRegistration,
  type NewRegistration,
  registrationsRepository,
} from './registrations.repository';
import {
  alreadyRegistered,
  assertOpenForRegistration,
  checkedAnswers,
  confirmRequestEmail,
  countByLibrary,
  createdAnswer,
  createdAuditEntry,
  holdExpiryFor,
  libraryKeyOf,
  meetingFull,
  newRegistration,
  placeEmail,
  placeFor,
  type RequestContext,
  resendAuditEntry,
  resendEmail,
  transactionOptions,
  unknownLibrary,
} from './registrations.rules';
import { releaseExpiredHolds } from './registrations.waitlist';

/** One scope for every meeting: the meeting is part of the request hash, so a key reused on another meeting is a 422. */
export const registrationIdempotencyScope = 'POST /meetings/{id}/registrations';

/**
 * Registrations for one meeting written in one transaction at most. A batch of 200 takes a few
 * tens of milliseconds under the lock; bigger ones would make the registrants behind them wait
 * longer without making the whole go faster.
 */
const defaultMaxBatchSize = 200;

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

/** The database is down or not answering: every registration waiting for it gets this at once. */
const databaseUnavailable = (cause: unknown) =>
  new AppError('service_unavailable', 'Registration is not possible right now. Please try again in a moment.', {
    headers: { 'retry-after': '30' },
    cause,
  });

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

const unique = (values: Array<string | undefined>) => [...new Set(values.filter((value) => value !== undefined))];

/**
 * Decides registrations for one meeting in the caller's transaction, in arrival order: the meeting
 * is locked once, what the rules need is read in a few queries, each registration is decided in
 * turn against the counts as the ones before it left them, and everything is written in one
 * multi-row insert per table. A refusal (not open, full, a reused key, an unknown library) is that
 * registration's answer and writes nothing; anything else fails them all.
 */
async function decideRegistrations(
  tx: Transaction,
  config: AppConfig,
  meetingId: string,
  batch: PendingRegistration[],
): Promise<Array<Settled<RegisterOutcome>>> {
  const locked = registrationsRepository(tx);
  const storedKeys = idempotencyKeysRepository(tx);
  const meeting = await locked.lockMeeting(meetingId);
  if (!meeting || meeting.status === 'draft') {
    return batch.map(() => ({ ok: false as const, error: notFound('The meeting') }));
  }

  const latest = new Date(Math.max(...batch.map((pending) => pending.now.getTime())));
  // Holds that ended unconfirmed pass their places on before anyone new is placed.
  if (meeting.confirmationRequired) await releaseExpiredHolds(tx, meetingId, latest);

  const keys = unique(batch.map((pending) => pending.idempotency?.key));
  const libraryIds = unique(batch.map((pending) => pending.input.libraryId));
  const { active, ...counts } = await locked.countWaitlistFindActiveByEmails(
    meetingId,
    unique(batch.map((pending) => pending.emailNormalized)),
  );
  const libraries = libraryIds.length ? await locked.findLibraryIds(libraryIds) : new Set<string>();
  const questions = await questionsRepository(tx).list(meetingId);
  const librarySeats =
    meeting.seatsPerLibrary === null
      ? new Map<string, number>()
      : countByLibrary(await locked.findSeatLibraries(meetingId));
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
    const given = checkedAnswers(questions, pending.input.answers);
    const state = assertOpenForRegistration(meeting, counts, now);

    let statusCode: 201 | 202;
    let body: RegistrationCreated;
    const existing = activeByEmail.get(pending.emailNormalized);
    if (existing) {
      const email = resendEmail(existing, meetingId, now);
      emails.set(email.dedupeKey, email);
      audit.push(resendAuditEntry(meetingId, existing, ip));
      statusCode = 202;
      body = alreadyRegistered;
    } else {
      if (state === 'full') throw meetingFull();
      const library = libraryKeyOf({
        libraryId: pending.input.libraryId ?? null,
        libraryName: pending.input.libraryName ?? null,
      });
      const row = {
        ...newRegistration(
          config,
          meeting,
          pending.input,
          pending,
          placeFor(meeting, counts, librarySeats.get(library) ?? 0),
        ),
        answers: given,
      };
      registrations.push(row);
      audit.push(createdAuditEntry(row, ip));
      const email = row.holdExpiresAt
        ? confirmRequestEmail(row, { ...row, holdExpiresAt: row.holdExpiresAt }, now)
        : placeEmail(row);
      emails.set(email.dedupeKey, email);
      if (row.status === 'confirmed') {
        counts.confirmed += 1;
        librarySeats.set(library, (librarySeats.get(library) ?? 0) + 1);
      } else {
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
}

export function registerService(db: Database, config: AppConfig, options: RegistrationsServiceOptions = {}) {
  const repository = registrationsRepository(db);
  const idempotencyKeys = idempotencyKeysRepository(db);

  /** Answers a filled-in bot trap as a person would be answered, without writing anything. */
  async function answerBot(meeting: MeetingForRegistration, now: Date): Promise<RegisterOutcome> {
    const counts = await repository.countWaitlist(meeting.id);
    if (assertOpenForRegistration(meeting, counts, now) === 'full') throw meetingFull();
    const place = placeFor(meeting, counts, 0);
    return {
      statusCode: 201,
      body: { id: randomUUID(), ...place, confirmBy: holdExpiryFor(meeting, now)?.toISOString() ?? null },
      replayed: false,
      ignoredAsBot: true,
    };
  }

  /** A batch in one transaction. */
  function registerBatch(meetingId: string, batch: PendingRegistration[]): Promise<Array<Settled<RegisterOutcome>>> {
    return db.$transaction((tx) => decideRegistrations(tx, config, meetingId, batch), transactionOptions);
  }

  /** One registration in a transaction of its own: the path a registration takes when its batch failed. */
  async function registerOne(meetingId: string, pending: PendingRegistration): Promise<RegisterOutcome> {
    try {
      const [outcome] = await registerBatch(meetingId, [pending]);
      if (!outcome!.ok) throw outcome!.error;
      return outcome!.value;
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
     * Concurrent registrations for one meeting are decided together (see decideRegistrations).
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
  };
}
