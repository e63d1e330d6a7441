import { mailboxMessageSchema } from '@bok/shared/emails';
import { type RegistrationCreate, registrationCreateSchema } from '@bok/shared/registrations';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordingLogger } from '../../../test/email-worker';
import { createMeeting, uniqueEmail } from '../../../test/factories';
import { buildTestApp } from '../../../test/test-app';
import { useTestDatabase } from '../../../test/test-database';
import { AppError } from '../../lib/app-error';
import { testConfig } from '../../lib/config';
import { manageTokenFor } from '../../lib/manage-token';
import { type RegisterOutcome, registrationsService } from './registrations.service';

// Group commit: registrations for one meeting that arrive together are decided in one transaction.
// To know what forms a batch, a test holds the meeting's row lock from another connection: the
// batch in flight waits for it, and what arrives meanwhile is the next batch.

const database = useTestDatabase();
const db = () => database().prisma;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => Promise<boolean> | boolean, what: string) {
  for (let i = 0; i < 200; i++) {
    if (await condition()) return;
    await sleep(25);
  }
  throw new Error(`never: ${what}`);
}

/** Holds the meeting's row lock, as a registration transaction in another process would. */
async function holdMeetingLock(meetingId: string) {
  const client = new pg.Client({ connectionString: database().url });
  await client.connect();
  await client.query('BEGIN');
  await client.query('SELECT 1 FROM "Meeting" WHERE "id" = $1 FOR UPDATE', [meetingId]);
  return {
    /** Until a transaction of ours is queued behind the lock. */
    async waitForWaiter() {
      await until(async () => {
        const { rows } = await client.query<{ waiting: number }>(
          `SELECT count(*)::int AS waiting FROM pg_stat_activity
           WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
        );
        return rows[0]!.waiting > 0;
      }, 'a transaction waits for the meeting lock');
    },
    async release() {
      await client.query('COMMIT');
      await client.end();
    },
  };
}

function person(overrides: Partial<RegistrationCreate> = {}): RegistrationCreate {
  return { name: 'Sanne Krog', email: uniqueEmail(), libraryName: 'Greve Bibliotek', consent: true, ...overrides };
}

type Service = ReturnType<typeof registrationsService>;

/** What a caller was answered: the outcome, or the error code of a refusal. */
function answerOf(promise: Promise<RegisterOutcome>) {
  return promise.then(
    (outcome) => ({ status: outcome.statusCode, body: outcome.body, replayed: outcome.replayed }),
    (error: unknown) => {
      if (error instanceof AppError) return { error: error.code };
      throw error;
    },
  );
}

type Answer = Awaited<ReturnType<typeof answerOf>>;

/** The body of a successful answer (and a failed test otherwise). */
function bodyOf(answer: Answer) {
  if (!('body' in answer)) throw new Error(`expected an answer, got the refusal ${answer.error}`);
  return answer.body;
}

function submit(service: Service, meetingId: string, body: RegistrationCreate, idempotencyKey?: string) {
  return answerOf(
    service.register(meetingId, registrationCreateSchema.parse(body), { ip: '10.0.0.1', idempotencyKey }),
  );
}

/**
 * Submits registrations one after another, each once the one before is queued for the meeting's
 * next batch, so the batch sees them in this order (a request with an Idempotency-Key looks up
 * the key first, and would otherwise overtake or fall behind one without).
 */
async function queueInOrder<T>(service: Service, meetingId: string, requests: Array<() => Promise<T>>) {
  const answers: Array<Promise<T>> = [];
  for (const request of requests) {
    const before = service.waitingRegistrations(meetingId);
    answers.push(request());
    await until(() => service.waitingRegistrations(meetingId) === before + 1, 'the registration is queued');
  }
  return answers;
}

describe('registrations decided in batches', () => {
  it('answers each registration of a mixed batch by the rules, as if they had come one by one', async () => {
    const service = registrationsService(db(), testConfig);
    const meeting = await createMeeting(db(), { capacity: 3, waitlistEnabled: false });
    const earlier = person();
    const earlierAnswer = await submit(service, meeting.id, earlier, 'key-earlier');
    expect(earlierAnswer).toMatchObject({ status: 201, body: { status: 'confirmed' } });

    const lock = await holdMeetingLock(meeting.id);
    // The batch in flight: it takes the second seat once the lock is released.
    const blocker = person({ email: 'Anna.Holm@Greve.dk' });
    const blocked = submit(service, meeting.id, blocker, 'key-blocker');
    await lock.waitForWaiter();

    const newcomer = person({ email: 'ny@ishoj.dk' });
    const mixed = await queueInOrder(service, meeting.id, [
      () => submit(service, meeting.id, newcomer, 'key-new'), // the last seat
      () => submit(service, meeting.id, person({ email: ' anna.holm@greve.DK', name: 'Someone Else' })), // registered before
      () => submit(service, meeting.id, person({ email: 'NY@ishoj.dk ' })), // registered earlier in this batch
      () => submit(service, meeting.id, blocker, 'key-blocker'), // a retry of the blocked request, stored meanwhile
      () => submit(service, meeting.id, person()), // no seat left, no waitlist
      () => submit(service, meeting.id, newcomer, 'key-new'), // a retry within the batch
      () => submit(service, meeting.id, { ...newcomer, comment: 'Andet indhold' }, 'key-new'), // the key, another body
    ]);
    // A retry of an answer stored before is answered at once, without waiting for the lock.
    expect(await submit(service, meeting.id, earlier, 'key-earlier')).toEqual({ ...earlierAnswer, replayed: true });
    expect(service.waitingRegistrations(meeting.id)).toBe(mixed.length);
    await lock.release();

    const blockedAnswer = await blocked;
    expect(blockedAnswer).toEqual({
      status: 201,
      body: { id: expect.any(String), status: 'confirmed', waitlistPosition: null, confirmBy: null },
      replayed: false,
    });
    const answers = await Promise.all(mixed);
    const newcomerAnswer = {
      status: 201,
      body: { id: expect.any(String), status: 'confirmed', waitlistPosition: null, confirmBy: null },
      replayed: false,
    };
    const alreadyRegistered = {
      status: 202,
      body: { id: null, status: 'already_registered', waitlistPosition: null, confirmBy: null },
      replayed: false,
    };
    expect(answers).toEqual([
      newcomerAnswer,
      alreadyRegistered,
      alreadyRegistered,
      { ...blockedAnswer, replayed: true },
      { error: 'meeting_full' },
      { ...answers[0], replayed: true },
      { error: 'idempotency_key_reused' },
    ]);

    // Exactly three seats, one per person; the refused person left no trace.
    const rows = await db().registration.findMany({ where: { meetingId: meeting.id }, orderBy: { createdAt: 'asc' } });
    const earlierId = bodyOf(earlierAnswer).id!;
    const blockerId = bodyOf(blockedAnswer).id!;
    const newcomerId = bodyOf(answers[0]!).id!;
    expect(rows.map((row) => [row.id, row.status])).toEqual([
      [earlierId, 'confirmed'],
      [blockerId, 'confirmed'],
      [newcomerId, 'confirmed'],
    ]);
    // One e-mail per seat, and one manage link to each address asked for again — to the address registered.
    const emails = await db().outboxEmail.findMany({ where: { meetingId: meeting.id } });
    expect(emails.map((email) => [email.kind, email.registrationId, email.toAddress]).sort()).toEqual(
      [
        ['registration_confirmed', earlierId, earlier.email],
        ['registration_confirmed', blockerId, 'Anna.Holm@Greve.dk'],
        ['registration_confirmed', newcomerId, 'ny@ishoj.dk'],
        ['registration_manage_link', blockerId, 'Anna.Holm@Greve.dk'],
        ['registration_manage_link', newcomerId, 'ny@ishoj.dk'],
      ].sort(),
    );
    const audit = await db().auditLog.findMany({ where: { entityId: { in: [blockerId, newcomerId] } } });
    expect(audit.map((entry) => [entry.entityId, entry.action, entry.ip]).sort()).toEqual(
      [
        [blockerId, 'registration.created', '10.0.0.1'],
        [blockerId, 'registration.manage_link_requested', '10.0.0.1'],
        [newcomerId, 'registration.created', '10.0.0.1'],
        [newcomerId, 'registration.manage_link_requested', '10.0.0.1'],
      ].sort(),
    );
    const keys = await db().idempotencyKey.findMany({
      where: { key: { in: ['key-earlier', 'key-blocker', 'key-new'] } },
      orderBy: { key: 'asc' },
    });
    expect(keys.map((key) => [key.key, (key.responseBody as { id: string }).id])).toEqual([
      ['key-blocker', blockerId],
      ['key-earlier', earlierId],
      ['key-new', newcomerId],
    ]);
  });

  it('waitlists a batch in arrival order, continuing the positions, and refuses a meeting not open to each', async () => {
    const service = registrationsService(db(), testConfig);
    const meeting = await createMeeting(db(), { capacity: 2 });
    const lock = await holdMeetingLock(meeting.id);
    const first = submit(service, meeting.id, person());
    await lock.waitForWaiter();
    const batch = Array.from({ length: 5 }, () => submit(service, meeting.id, person()));
    await until(() => service.waitingRegistrations(meeting.id) === 5, 'the batch waits');
    await lock.release();
    expect(bodyOf(await first)).toMatchObject({ status: 'confirmed' });
    expect((await Promise.all(batch)).map((answer) => ('body' in answer ? answer.body : answer))).toEqual([
      { id: expect.any(String), status: 'confirmed', waitlistPosition: null, confirmBy: null },
      { id: expect.any(String), status: 'waitlisted', waitlistPosition: 1, confirmBy: null },
      { id: expect.any(String), status: 'waitlisted', waitlistPosition: 2, confirmBy: null },
      { id: expect.any(String), status: 'waitlisted', waitlistPosition: 3, confirmBy: null },
      { id: expect.any(String), status: 'waitlisted', waitlistPosition: 4, confirmBy: null },
    ]);

    const closed = await createMeeting(db(), { status: 'closed' });
    const refused = await Promise.all(Array.from({ length: 3 }, () => submit(service, closed.id, person())));
    expect(refused).toEqual(Array(3).fill({ error: 'meeting_not_open' }));
    expect(await submit(service, '00000000-0000-4000-8000-000000000000', person())).toEqual({ error: 'not_found' });
  });

  it('registers each of a failed batch alone: nothing lost, nothing doubled', async () => {
    const logger = recordingLogger();
    const service = registrationsService(db(), testConfig, { logger });
    const meeting = await createMeeting(db(), { capacity: 3 });
    // A fault only a batch meets: any statement inserting more than one registration fails.
    await db().$executeRawUnsafe(`
      CREATE FUNCTION test_refuse_multirow() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (SELECT count(*) FROM inserted) > 1 THEN RAISE EXCEPTION 'test: more than one registration at once'; END IF;
        RETURN NULL;
      END $$`);
    await db().$executeRawUnsafe(`
      CREATE TRIGGER test_refuse_multirow AFTER INSERT ON "Registration" REFERENCING NEW TABLE AS inserted
      FOR EACH STATEMENT EXECUTE FUNCTION test_refuse_multirow()`);
    try {
      const lock = await holdMeetingLock(meeting.id);
      const first = submit(service, meeting.id, person());
      await lock.waitForWaiter();
      const people = Array.from({ length: 5 }, () => person());
      const batch = await queueInOrder(service, meeting.id, [
        ...people.map((body, index) => () => submit(service, meeting.id, body, `failed-batch-${index}`)),
        () => submit(service, meeting.id, { ...people[1]!, email: people[1]!.email.toUpperCase() }),
        () => submit(service, meeting.id, people[2]!, 'failed-batch-2'),
      ]);
      await lock.release();

      expect(bodyOf(await first)).toMatchObject({ status: 'confirmed' });
      const answers = await Promise.all(batch);
      expect(
        answers.map((answer) => ('body' in answer ? [answer.status, answer.body.status, answer.replayed] : answer)),
      ).toEqual([
        [201, 'confirmed', false],
        [201, 'confirmed', false],
        [201, 'waitlisted', false],
        [201, 'waitlisted', false],
        [201, 'waitlisted', false],
        [202, 'already_registered', false],
        [201, 'waitlisted', true],
      ]);
      expect(logger.entries).toEqual([
        expect.objectContaining({ level: 'warn', message: 'registration batch failed; registering one by one' }),
      ]);

      const rows = await db().registration.findMany({ where: { meetingId: meeting.id } });
      expect(rows).toHaveLength(6);
      expect(new Set(rows.map((row) => row.emailNormalized)).size).toBe(6);
      expect(
        rows
          .filter((row) => row.status === 'waitlisted')
          .map((row) => row.waitlistPosition)
          .sort(),
      ).toEqual([1, 2, 3]);
      const emails = await db().outboxEmail.groupBy({
        by: ['kind'],
        where: { meetingId: meeting.id },
        _count: { _all: true },
      });
      expect(Object.fromEntries(emails.map((group) => [group.kind, group._count._all]))).toEqual({
        registration_confirmed: 3,
        registration_waitlisted: 3,
        registration_manage_link: 1,
      });
      expect(
        await db().auditLog.count({
          where: { action: 'registration.created', entityId: { in: rows.map((row) => row.id) } },
        }),
      ).toBe(6);
    } finally {
      await db().$executeRawUnsafe('DROP TRIGGER test_refuse_multirow ON "Registration"');
      await db().$executeRawUnsafe('DROP FUNCTION test_refuse_multirow()');
    }
  });
});

describe('e-mails written when they are read or sent', () => {
  let app: Awaited<ReturnType<typeof buildTestApp>>;
  beforeAll(async () => {
    app = await buildTestApp(db(), { config: { devMailbox: true } });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('tells a waitlisted person the place they were given, though they have moved up since', async () => {
    const meeting = await createMeeting(db(), { capacity: 1, title: 'Ventelistemøde' });
    const register = async () => {
      const response = await app.inject({
        method: 'POST',
        url: `/api/v1/meetings/${meeting.id}/registrations`,
        payload: person(),
      });
      expect(response.statusCode).toBe(201);
      return response.json() as { id: string; status: string; waitlistPosition: number | null };
    };
    const seat = await register();
    const second = await register();
    const third = await register();
    expect([second.waitlistPosition, third.waitlistPosition]).toEqual([1, 2]);
    const cancel = await app.inject({
      method: 'DELETE',
      url: `/api/v1/registrations/${seat.id}`,
      headers: { 'x-registration-token': manageTokenFor(testConfig.appSecret, seat.id) },
    });
    expect(cancel.statusCode).toBe(204);
    // Now the second has the seat and the third is first in line; no e-mail has been written yet.
    expect(await db().registration.findUniqueOrThrow({ where: { id: third.id } })).toMatchObject({
      waitlistPosition: 1,
    });
    const emails = await db().outboxEmail.findMany({ where: { meetingId: meeting.id } });
    expect(emails.every((email) => email.renderedAt === null && email.subject === null)).toBe(true);

    const read = async (registrationId: string, kind: string) => {
      const email = emails.find((row) => row.registrationId === registrationId && row.kind === kind)!;
      const response = await app.inject({ url: `/api/dev/mailbox/${email.id}` });
      expect(response.statusCode).toBe(200);
      return mailboxMessageSchema.parse(response.json());
    };
    const secondWaitlisted = await read(second.id, 'registration_waitlisted');
    expect(secondWaitlisted.subject).toBe('Du er på ventelisten: Ventelistemøde');
    expect(secondWaitlisted.text).toContain('som nummer 1.');
    expect((await read(third.id, 'registration_waitlisted')).text).toContain('som nummer 2.');
    const promoted = await read(second.id, 'registration_promoted');
    expect(promoted.subject).toBe('Du har fået en plads: Ventelistemøde');
    expect(promoted.ics).toMatch(/^METHOD:REQUEST\r?$/m);
    const cancelled = await read(seat.id, 'registration_cancelled');
    expect(cancelled.ics).toMatch(/^METHOD:CANCEL\r?$/m);
  });
});
