import { problemSchema } from '@bok/shared/errors';
import { meetingDetailSchema } from '@bok/shared/meetings';
import { registrationCreatedSchema, registrationSchema } from '@bok/shared/registrations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLibrary, createMeeting, uniqueEmail } from '../../../test/factories';
import { buildTestApp } from '../../../test/test-app';
import { useTestDatabase } from '../../../test/test-database';
import type { Prisma } from '../../generated/prisma/client';
import { testConfig } from '../../lib/config';
import { hashToken, manageTokenFor } from '../../lib/manage-token';
import { manageLinkDaysAfterMeeting } from './registrations.rules';
import { promoteFromWaitlist } from './registrations.waitlist';

const DAY = 24 * 60 * 60 * 1000;
const database = useTestDatabase();
type App = Awaited<ReturnType<typeof buildTestApp>>;
let app: App;

beforeAll(async () => {
  app = await buildTestApp(database().prisma);
});
afterAll(async () => {
  await app?.close();
});

const db = () => database().prisma;
const tokenFor = (id: string) => manageTokenFor(testConfig.appSecret, id);

function person(overrides: Record<string, unknown> = {}) {
  return { name: 'Mette Tew', email: uniqueEmail(), libraryName: 'Køge Bibliotekerne', consent: true, ...overrides };
}

function register(meeting: string, payload: unknown, headers: Record<string, string> = {}, target: App = app) {
  return target.inject({
    method: 'POST',
    url: `/api/v1/meetings/${meeting}/registrations`,
    payload: payload as object,
    headers,
  });
}

async function registered(meeting: string, payload: unknown = person()) {
  const response = await register(meeting, payload);
  expect(response.statusCode).toBe(201);
  const body = registrationCreatedSchema.parse(response.json());
  return { ...body, id: body.id! };
}

function manage(method: 'GET' | 'PATCH' | 'DELETE', id: string, token: string | undefined, payload?: object) {
  return app.inject({
    method,
    url: `/api/v1/registrations/${id}`,
    headers: token === undefined ? {} : { 'x-registration-token': token },
    ...(payload ? { payload } : {}),
  });
}

async function seatsOf(meetingId: string) {
  return meetingDetailSchema.parse((await app.inject({ url: `/api/v1/meetings/${meetingId}` })).json()).seats;
}

async function waitlistOf(meetingId: string) {
  const rows = await db().registration.findMany({
    where: { meetingId, status: 'waitlisted' },
    orderBy: { waitlistPosition: 'asc' },
    select: { id: true, waitlistPosition: true },
  });
  return rows;
}

function emailsOf(where: Prisma.OutboxEmailWhereInput) {
  return db().outboxEmail.findMany({
    where,
    orderBy: { createdAt: 'asc' },
    select: { kind: true, toAddress: true, dedupeKey: true, registrationId: true },
  });
}

/** Waits until `count` statements on this test's database are waiting for a lock. */
async function waitForLockWaiters(count: number) {
  for (let attempt = 0; attempt < 200; attempt++) {
    const [row] = await db().$queryRaw<Array<{ waiting: number }>>`
      SELECT count(*)::int AS "waiting" FROM pg_stat_activity
      WHERE "datname" = current_database() AND "wait_event_type" = 'Lock'`;
    if (row!.waiting >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`No ${count} statement(s) came to wait for a lock.`);
}

function expectProblem(
  response: { statusCode: number; headers: Record<string, unknown>; json(): unknown },
  status: number,
  code: string,
) {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toContain('application/problem+json');
  const body = problemSchema.parse(response.json());
  expect(body.code).toBe(code);
  return body;
}

describe('POST /api/v1/meetings/{id}/registrations', () => {
  it('confirms while seats are free, then waitlists at 1, 2, …; writes the e-mail, the audit entry and a manage token', async () => {
    const meeting = await createMeeting(db(), { capacity: 1 });
    const library = await createLibrary(db());
    const first = await register(meeting.id, person({ libraryId: library.id, libraryName: undefined, locale: 'en' }));
    expect(first.statusCode).toBe(201);
    const confirmed = registrationCreatedSchema.parse(first.json());
    expect(confirmed).toEqual({ id: expect.any(String), status: 'confirmed', waitlistPosition: null, confirmBy: null });

    // By slug as well as by id.
    const second = await registered(meeting.slug);
    const third = await registered(meeting.id);
    expect([second.status, second.waitlistPosition, third.status, third.waitlistPosition]).toEqual([
      'waitlisted',
      1,
      'waitlisted',
      2,
    ]);

    const row = await db().registration.findUniqueOrThrow({ where: { id: confirmed.id! } });
    expect(row).toMatchObject({
      status: 'confirmed',
      libraryId: library.id,
      libraryName: null,
      locale: 'en',
      emailNormalized: row.email,
    });
    // Only the hash is stored, and it is the hash of the token the e-mails carry.
    expect(row.manageTokenHash).toBe(hashToken(tokenFor(row.id)));

    expect(await emailsOf({ meetingId: meeting.id })).toEqual([
      {
        kind: 'registration_confirmed',
        toAddress: row.email,
        dedupeKey: `confirmed:${row.id}`,
        registrationId: row.id,
      },
      {
        kind: 'registration_waitlisted',
        toAddress: expect.any(String),
        dedupeKey: `waitlisted:${second.id}`,
        registrationId: second.id,
      },
      {
        kind: 'registration_waitlisted',
        toAddress: expect.any(String),
        dedupeKey: `waitlisted:${third.id}`,
        registrationId: third.id,
      },
    ]);
    const audit = await db().auditLog.findMany({ where: { entityId: row.id } });
    expect(audit).toEqual([
      expect.objectContaining({
        actorType: 'registrant',
        action: 'registration.created',
        entityType: 'registration',
        ip: '127.0.0.1',
      }),
    ]);
    expect(await seatsOf(meeting.id)).toEqual({ capacity: 1, confirmed: 1, waitlisted: 2, available: 0 });
  });

  it('answers a full meeting without a waitlist with 409 meeting_full and writes nothing', async () => {
    const meeting = await createMeeting(db(), { capacity: 1, waitlistEnabled: false });
    await registered(meeting.id);
    expectProblem(await register(meeting.id, person()), 409, 'meeting_full');
    expect(await db().registration.count({ where: { meetingId: meeting.id } })).toBe(1);
    expect(await seatsOf(meeting.id)).toEqual({ capacity: 1, confirmed: 1, waitlisted: 0, available: 0 });
  });

  it('answers 409 meeting_not_open outside the registration window and for meetings not open', async () => {
    const now = Date.now();
    const opensAt = new Date(now + 5 * DAY);
    const cases = [
      { status: 'announced' as const, registrationOpensAt: opensAt },
      { status: 'open' as const, registrationOpensAt: opensAt },
      {
        status: 'open' as const,
        registrationOpensAt: new Date(now - 10 * DAY),
        registrationClosesAt: new Date(now - DAY),
      },
      { status: 'closed' as const },
      { status: 'cancelled' as const, cancellationReason: 'Sygdom' },
      {
        status: 'held' as const,
        startsAt: new Date(now - 20 * DAY),
        endsAt: new Date(now - 19.9 * DAY),
        registrationOpensAt: new Date(now - 40 * DAY),
        registrationClosesAt: new Date(now - 21 * DAY),
      },
    ];
    for (const overrides of cases) {
      const meeting = await createMeeting(db(), overrides);
      const body = expectProblem(await register(meeting.id, person()), 409, 'meeting_not_open');
      // When registration opens is announced, the answer says when.
      if (overrides.registrationOpensAt === opensAt) expect(body.detail).toContain(opensAt.toISOString());
      expect(await db().registration.count({ where: { meetingId: meeting.id } })).toBe(0);
    }
  });

  it('answers 404 for unknown meetings and drafts', async () => {
    const draft = await createMeeting(db(), { status: 'draft' });
    for (const key of [draft.id, 'no-such-meeting', '00000000-0000-4000-8000-000000000000']) {
      expectProblem(await register(key, person()), 404, 'not_found');
    }
  });

  it('answers bad input with 400 problem+json naming each failing field', async () => {
    const meeting = await createMeeting(db());
    const body = expectProblem(
      await register(meeting.id, { name: '', email: 'not-an-email', consent: false, libraryId: 'x' }),
      400,
      'validation_failed',
    );
    expect(body.errors?.map((error) => error.field).sort()).toEqual(['consent', 'email', 'libraryId', 'name']);

    const noLibrary = expectProblem(
      await register(meeting.id, { ...person(), libraryName: '  ' }),
      400,
      'validation_failed',
    );
    expect(noLibrary.errors).toEqual([expect.objectContaining({ field: 'libraryId', message: 'library_required' })]);

    // A library id that is not in the list.
    const unknown = expectProblem(
      await register(meeting.id, person({ libraryId: '00000000-0000-4000-8000-000000000000', libraryName: undefined })),
      400,
      'validation_failed',
    );
    expect(unknown.errors).toEqual([expect.objectContaining({ field: 'libraryId', message: 'unknown_library' })]);
    expect(await db().registration.count({ where: { meetingId: meeting.id } })).toBe(0);
  });

  it('refuses a library from the list and a typed one at once: which one counts must not be a guess', async () => {
    const meeting = await createMeeting(db());
    const library = await createLibrary(db());
    const body = expectProblem(
      await register(meeting.id, person({ libraryId: library.id, libraryName: 'Køge Bibliotekerne' })),
      400,
      'validation_failed',
    );
    expect(body.errors).toEqual([expect.objectContaining({ field: 'libraryName', message: 'library_choose_one' })]);
    expect(await db().registration.count({ where: { meetingId: meeting.id } })).toBe(0);
  });

  it('refuses control characters in one-line fields, which would end up in e-mails; a comment keeps its lines', async () => {
    const meeting = await createMeeting(db());
    const body = expectProblem(
      await register(
        meeting.id,
        person({ name: 'Mette\r\nBcc: x@example.com', jobTitle: 'Bibliotekar\u0007', libraryName: 'Køge\u0000' }),
      ),
      400,
      'validation_failed',
    );
    expect(body.errors?.map((error) => [error.field, error.message]).sort()).toEqual([
      ['jobTitle', 'control_characters'],
      ['libraryName', 'control_characters'],
      ['name', 'control_characters'],
    ]);
    const created = await registered(meeting.id, person({ comment: 'Kommer med tog.\n\tAnkomst 9.30' }));
    const row = await db().registration.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.comment).toBe('Kommer med tog.\n\tAnkomst 9.30');
  });

  it('refuses bidi overrides and other invisible characters, which make a name read as something else', async () => {
    const meeting = await createMeeting(db());
    const body = expectProblem(
      await register(
        meeting.id,
        person({
          name: 'Mette \u202egnirts\u202c Tew',
          jobTitle: 'Biblio\u200btekar',
          libraryName: 'Kø\ufeffge',
          comment: 'Kommer med tog\u2066.',
        }),
      ),
      400,
      'validation_failed',
    );
    expect(body.errors?.map((error) => [error.field, error.message]).sort()).toEqual([
      ['comment', 'invisible_characters'],
      ['jobTitle', 'invisible_characters'],
      ['libraryName', 'invisible_characters'],
      ['name', 'invisible_characters'],
    ]);
    expect(await db().registration.count({ where: { meetingId: meeting.id } })).toBe(0);
  });

  it('refuses a body over the 64 KiB limit with 413 problem+json', async () => {
    const meeting = await createMeeting(db());
    const response = await register(meeting.id, person({ comment: 'x'.repeat(70 * 1024) }));
    expectProblem(response, 413, 'payload_too_large');
  });
});

describe('one active registration per e-mail per meeting', () => {
  it('treats addresses differing in case and spaces as one, re-sends the manage link and reveals nothing', async () => {
    const meeting = await createMeeting(db());
    const first = await registered(meeting.id, person({ email: 'Mette.Tew@Koege.dk' }));

    const again = await register(meeting.id, person({ email: '  mette.tew@KOEGE.dk ', name: 'Someone Else' }));
    expect(again.statusCode).toBe(202);
    expect(again.json()).toEqual({ id: null, status: 'already_registered', waitlistPosition: null, confirmBy: null });
    expect(again.body).not.toContain(first.id);

    const rows = await db().registration.findMany({ where: { meetingId: meeting.id } });
    expect(rows.map((row) => [row.id, row.name, row.email])).toEqual([[first.id, 'Mette Tew', 'Mette.Tew@Koege.dk']]);
    // The link goes to the address the registration was made with, not to the caller.
    const links = await emailsOf({ kind: 'registration_manage_link', registrationId: first.id });
    expect(links).toEqual([expect.objectContaining({ toAddress: 'Mette.Tew@Koege.dk' })]);

    // Asking again at once writes no second link: nobody can fill a colleague's inbox this way.
    expect((await register(meeting.id, person({ email: 'METTE.TEW@koege.dk' }))).statusCode).toBe(202);
    expect(await emailsOf({ kind: 'registration_manage_link', registrationId: first.id })).toHaveLength(1);
    expect(await seatsOf(meeting.id)).toMatchObject({ confirmed: 1, waitlisted: 0 });
  });

  it('holds when the same person submits several times at once', async () => {
    const meeting = await createMeeting(db());
    const variants = ['ida@roskilde.dk', 'IDA@roskilde.dk', ' ida@roskilde.dk', 'Ida@Roskilde.DK ', 'ida@ROSKILDE.dk'];
    const responses = await Promise.all(variants.map((email) => register(meeting.id, person({ email }))));
    expect(responses.map((response) => response.statusCode).sort()).toEqual([201, 202, 202, 202, 202]);
    expect(await db().registration.count({ where: { meetingId: meeting.id } })).toBe(1);
  });

  it('tells an already registered person so even when the meeting is now full', async () => {
    const meeting = await createMeeting(db(), { capacity: 1, waitlistEnabled: false });
    await registered(meeting.id, person({ email: 'karen@ishoj.dk' }));
    expect((await register(meeting.id, person({ email: 'Karen@Ishoj.dk' }))).statusCode).toBe(202);
  });

  it('lets a cancelled registrant register again', async () => {
    const meeting = await createMeeting(db());
    const first = await registered(meeting.id, person({ email: 'bo@greve.dk' }));
    expect((await manage('DELETE', first.id, tokenFor(first.id))).statusCode).toBe(204);
    const second = await registered(meeting.id, person({ email: 'BO@greve.dk' }));
    expect(second.id).not.toBe(first.id);
  });
});

describe('Idempotency-Key', () => {
  it('replays the first answer for the same key and body, even in another key order or spacing', async () => {
    const meeting = await createMeeting(db(), { capacity: 1 });
    await registered(meeting.id);
    const payload = person();
    const headers = { 'idempotency-key': 'retry-1' };
    const first = await register(meeting.id, payload, headers);
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();

    const { consent, email, ...rest } = payload;
    const reordered = { consent, ...rest, email: ` ${email} `, name: `${payload.name}  ` };
    for (const body of [payload, reordered]) {
      const retry = await register(meeting.slug, body, headers);
      expect(retry.statusCode).toBe(201);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.json()).toEqual(first.json());
    }
    expect(await db().registration.count({ where: { meetingId: meeting.id } })).toBe(2);
    expect(await db().outboxEmail.count({ where: { meetingId: meeting.id } })).toBe(2);
  });

  it('answers 422 when the key comes back with another body or for another meeting', async () => {
    const meeting = await createMeeting(db());
    const other = await createMeeting(db());
    const payload = person();
    const headers = { 'idempotency-key': 'reused-key' };
    expect((await register(meeting.id, payload, headers)).statusCode).toBe(201);
    expectProblem(
      await register(meeting.id, { ...payload, comment: 'Glemte noget' }, headers),
      422,
      'idempotency_key_reused',
    );
    expectProblem(await register(other.id, payload, headers), 422, 'idempotency_key_reused');
    expect(await db().registration.count({ where: { meetingId: { in: [meeting.id, other.id] } } })).toBe(1);
  });

  it('creates one registration when the same request arrives many times at once', async () => {
    const meeting = await createMeeting(db());
    const payload = person();
    const headers = { 'idempotency-key': 'burst-key' };
    const responses = await Promise.all(Array.from({ length: 20 }, () => register(meeting.id, payload, headers)));
    expect(responses.map((response) => response.statusCode)).toEqual(Array(20).fill(201));
    expect(new Set(responses.map((response) => response.body)).size).toBe(1);
    expect(await db().registration.count({ where: { meetingId: meeting.id } })).toBe(1);
    expect(await db().outboxEmail.count({ where: { meetingId: meeting.id } })).toBe(1);
  });

  it('lets exactly one request win a key raced across two meetings (the unique key decides)', async () => {
    // Different meetings do not share a lock: the key's primary key is what serialises them.
    const a = await createMeeting(db());
    const b = await createMeeting(db());
    const payload = person();
    const headers = { 'idempotency-key': 'cross-meeting-race' };
    const responses = await Promise.all(
      Array.from({ length: 16 }, (_, index) => register(index % 2 ? a.id : b.id, payload, headers)),
    );
    const statuses = responses.map((response) => response.statusCode);
    expect(statuses.every((status) => status === 201 || status === 422)).toBe(true);
    const winners = responses.filter((response) => response.statusCode === 201);
    expect(new Set(winners.map((response) => response.body)).size).toBe(1);
    expect(winners.length).toBe(8);
    expect(await db().registration.count({ where: { meetingId: { in: [a.id, b.id] } } })).toBe(1);
  });

  it('replays the already-registered answer without a second e-mail', async () => {
    const meeting = await createMeeting(db());
    const payload = person();
    await registered(meeting.id, payload);
    const headers = { 'idempotency-key': 'dup-retry' };
    const first = await register(meeting.id, payload, headers);
    const retry = await register(meeting.id, payload, headers);
    expect([first.statusCode, retry.statusCode]).toEqual([202, 202]);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(await db().outboxEmail.count({ where: { meetingId: meeting.id, kind: 'registration_manage_link' } })).toBe(
      1,
    );
  });

  it('does not store refusals: a retry after a 409 is tried again', async () => {
    const meeting = await createMeeting(db(), { capacity: 1, waitlistEnabled: false });
    const taken = await registered(meeting.id);
    const headers = { 'idempotency-key': 'after-full' };
    const payload = person();
    expectProblem(await register(meeting.id, payload, headers), 409, 'meeting_full');
    await manage('DELETE', taken.id, tokenFor(taken.id));
    expect((await register(meeting.id, payload, headers)).statusCode).toBe(201);
  });

  it('forgets a key once it has expired', async () => {
    const meeting = await createMeeting(db());
    const headers = { 'idempotency-key': 'old-key' };
    expect((await register(meeting.id, person(), headers)).statusCode).toBe(201);
    await db().idempotencyKey.updateMany({
      where: { key: 'old-key' },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const fresh = await register(meeting.id, person(), headers);
    expect(fresh.statusCode).toBe(201);
    expect(fresh.headers['idempotent-replayed']).toBeUndefined();
    expect(await db().registration.count({ where: { meetingId: meeting.id } })).toBe(2);
  });

  it('refuses a malformed key with 400 naming the header', async () => {
    const meeting = await createMeeting(db());
    const body = expectProblem(
      await register(meeting.id, person(), { 'idempotency-key': 'x'.repeat(300) }),
      400,
      'validation_failed',
    );
    expect(body.errors?.map((error) => error.field)).toEqual(['headers.idempotency-key']);
  });
});

describe('bot trap', () => {
  it('answers like a success but creates nothing', async () => {
    const meeting = await createMeeting(db(), { capacity: 1 });
    const bot = await register(meeting.id, person({ website: 'http://spam.example' }));
    expect(bot.statusCode).toBe(201);
    const answer = registrationCreatedSchema.parse(bot.json());
    expect(answer).toEqual({ id: expect.any(String), status: 'confirmed', waitlistPosition: null, confirmBy: null });
    expect(await db().registration.count({ where: { meetingId: meeting.id } })).toBe(0);
    expect(await db().outboxEmail.count({ where: { meetingId: meeting.id } })).toBe(0);
    expect(await db().auditLog.count({ where: { entityId: answer.id! } })).toBe(0);
    expectProblem(await manage('GET', answer.id!, tokenFor(answer.id!)), 404, 'not_found');

    // Where a person would be waitlisted, so is the bot, at the position a person would get.
    await registered(meeting.id);
    await registered(meeting.id);
    expect((await register(meeting.id, person({ website: 'x' }))).json()).toMatchObject({
      status: 'waitlisted',
      waitlistPosition: 2,
    });
    // And where a person would be refused, so is the bot.
    const closed = await createMeeting(db(), { status: 'closed' });
    expectProblem(await register(closed.id, person({ website: 'x' })), 409, 'meeting_not_open');
  });
});

describe('rate limit', () => {
  it('answers 429 problem+json with Retry-After and RateLimit fields after the per-IP limit, on the registration POST only', async () => {
    const limited = await buildTestApp(db(), { config: { registrationRateLimit: 3 } });
    // The counts are in the database, shared with this file's other apps: an address of its own.
    const from = (remoteAddress: string) =>
      limited.inject({
        method: 'POST',
        url: `/api/v1/meetings/${meeting.id}/registrations`,
        payload: person(),
        remoteAddress,
      });
    const meeting = await createMeeting(db());
    try {
      for (let n = 0; n < 3; n++) expect((await from('192.0.2.30')).statusCode).toBe(201);
      const refused = await from('192.0.2.30');
      const body = expectProblem(refused, 429, 'rate_limited');
      const retryAfter = Number(refused.headers['retry-after']);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(refused.headers.ratelimit).toBe(`"per-address";r=0;t=${retryAfter}`);
      expect(refused.headers['ratelimit-policy']).toBe('"per-address";q=3;w=60');
      expect(body.detail).toMatch(/try again/i);
      expect(await db().registration.count({ where: { meetingId: meeting.id } })).toBe(3);

      // Another address is counted on its own; reading is not limited.
      expect((await from('10.1.2.3')).statusCode).toBe(201);
      expect((await limited.inject({ url: `/api/v1/meetings/${meeting.id}` })).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe('manage link: GET, PATCH, DELETE /api/v1/registrations/{id}', () => {
  it('shows the registration with its status, waitlist position and meeting', async () => {
    const meeting = await createMeeting(db(), { capacity: 0 });
    const created = await registered(meeting.id, person({ dietaryNeeds: 'Vegetar', accessibilityNeeds: 'Teleslynge' }));
    const response = await manage('GET', created.id, tokenFor(created.id));
    expect(response.statusCode).toBe(200);
    const body = registrationSchema.parse(response.json());
    expect(body).toMatchObject({
      id: created.id,
      meetingId: meeting.id,
      status: 'waitlisted',
      waitlistPosition: 1,
      dietaryNeeds: 'Vegetar',
      accessibilityNeeds: 'Teleslynge',
      cancelledAt: null,
    });
    expect(response.body).not.toContain('manageTokenHash');
  });

  it('answers a wrong, missing or foreign token, an unknown and a malformed id with the same 404', async () => {
    const meeting = await createMeeting(db());
    const mine = await registered(meeting.id);
    const theirs = await registered(meeting.id);
    const attempts = [
      ['GET', mine.id, 'wrong-token'],
      ['GET', mine.id, undefined],
      ['GET', mine.id, tokenFor(theirs.id)],
      ['GET', '00000000-0000-4000-8000-000000000000', tokenFor('00000000-0000-4000-8000-000000000000')],
      ['GET', 'not-a-uuid', 'x'],
      ['PATCH', mine.id, 'wrong-token'],
      ['DELETE', mine.id, 'wrong-token'],
      ['DELETE', mine.id, undefined],
    ] as const;
    const bodies = new Set<string>();
    for (const [method, id, token] of attempts) {
      const response = await manage(method, id, token, method === 'PATCH' ? { comment: 'x' } : undefined);
      const { instance: _, ...problem } = expectProblem(response, 404, 'not_found');
      bodies.add(JSON.stringify(problem));
    }
    expect(bodies.size).toBe(1);
    expect((await db().registration.findUniqueOrThrow({ where: { id: mine.id } })).status).toBe('confirmed');
  });

  it('changes needs, comment, job title, language and library; empty clears; name and e-mail stay', async () => {
    const meeting = await createMeeting(db());
    const library = await createLibrary(db());
    const created = await registered(meeting.id, person({ comment: 'Kommer med tog', jobTitle: 'Bibliotekar' }));
    const token = tokenFor(created.id);

    const patched = await manage('PATCH', created.id, token, {
      dietaryNeeds: 'Glutenfri',
      accessibilityNeeds: 'Kørestol',
      comment: '',
      jobTitle: 'Udviklingskonsulent',
      locale: 'en',
      libraryId: library.id,
    });
    expect(patched.statusCode).toBe(200);
    expect(registrationSchema.parse(patched.json())).toMatchObject({
      dietaryNeeds: 'Glutenfri',
      accessibilityNeeds: 'Kørestol',
      comment: null,
      jobTitle: 'Udviklingskonsulent',
      locale: 'en',
      libraryId: library.id,
      // Choosing a library from the list clears the free-text one.
      libraryName: null,
      status: 'confirmed',
    });
    // Fields not sent stay as they are; free text replaces the listed library.
    const back = registrationSchema.parse(
      (await manage('PATCH', created.id, token, { libraryName: 'Ishøj Bibliotek' })).json(),
    );
    expect(back).toMatchObject({
      libraryId: null,
      libraryName: 'Ishøj Bibliotek',
      dietaryNeeds: 'Glutenfri',
      locale: 'en',
    });

    const notEditable = expectProblem(
      await manage('PATCH', created.id, token, { name: 'Ny', email: 'ny@x.dk' }),
      400,
      'validation_failed',
    );
    expect(notEditable.errors?.map((error) => [error.field, error.message]).sort()).toEqual([
      ['email', 'not_editable'],
      ['name', 'not_editable'],
    ]);
    const noLibrary = expectProblem(
      await manage('PATCH', created.id, token, { libraryName: null }),
      400,
      'validation_failed',
    );
    expect(noLibrary.errors?.map((error) => error.field)).toEqual(['libraryId']);
    // Both at once, as a new registration may not have them: refused, and nothing changes.
    const both = expectProblem(
      await manage('PATCH', created.id, token, { libraryId: library.id, libraryName: 'Køge Bibliotekerne' }),
      400,
      'validation_failed',
    );
    expect(both.errors).toEqual([expect.objectContaining({ field: 'libraryName', message: 'library_choose_one' })]);
    expect(await db().registration.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({
      libraryId: null,
      libraryName: 'Ishøj Bibliotek',
    });
    const unknownLibrary = expectProblem(
      await manage('PATCH', created.id, token, { libraryId: '00000000-0000-4000-8000-000000000000' }),
      400,
      'validation_failed',
    );
    expect(unknownLibrary.errors?.map((error) => error.message)).toEqual(['unknown_library']);

    const audit = await db().auditLog.findMany({
      where: { entityId: created.id, action: 'registration.updated' },
      orderBy: { at: 'asc' },
    });
    expect(audit).toHaveLength(2);
    // Which fields changed, not their values (health and diet stay in the registration).
    expect(audit[0]!.data).toEqual({ fields: expect.arrayContaining(['dietaryNeeds', 'libraryId', 'libraryName']) });
    expect(JSON.stringify(audit[0]!.data)).not.toContain('Glutenfri');
  });

  it('cancels a confirmed registration, promotes the first on the waitlist and closes up the positions', async () => {
    const meeting = await createMeeting(db(), { capacity: 2 });
    const [a, , w1, w2, w3] = [
      await registered(meeting.id),
      await registered(meeting.id),
      await registered(meeting.id),
      await registered(meeting.id),
      await registered(meeting.id),
    ];
    expect([w1!.waitlistPosition, w2!.waitlistPosition, w3!.waitlistPosition]).toEqual([1, 2, 3]);
    expect(await seatsOf(meeting.id)).toEqual({ capacity: 2, confirmed: 2, waitlisted: 3, available: 0 });

    const response = await manage('DELETE', a!.id, tokenFor(a!.id));
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');

    const cancelled = await db().registration.findUniqueOrThrow({ where: { id: a!.id } });
    expect(cancelled).toMatchObject({ status: 'cancelled', waitlistPosition: null, cancelledAt: expect.any(Date) });
    const promoted = await db().registration.findUniqueOrThrow({ where: { id: w1!.id } });
    expect(promoted).toMatchObject({ status: 'confirmed', waitlistPosition: null, promotedAt: expect.any(Date) });
    expect(await waitlistOf(meeting.id)).toEqual([
      { id: w2!.id, waitlistPosition: 1 },
      { id: w3!.id, waitlistPosition: 2 },
    ]);
    expect(await seatsOf(meeting.id)).toEqual({ capacity: 2, confirmed: 2, waitlisted: 2, available: 0 });

    expect(await emailsOf({ dedupeKey: { in: [`cancelled:${a!.id}`, `promoted:${w1!.id}`] } })).toHaveLength(2);
    const audit = await db().auditLog.findMany({
      where: { entityId: { in: [a!.id, w1!.id] } },
      orderBy: { at: 'asc' },
    });
    expect(audit.map((entry) => [entry.entityId, entry.actorType, entry.action])).toEqual([
      [a!.id, 'registrant', 'registration.created'],
      [w1!.id, 'registrant', 'registration.created'],
      [a!.id, 'registrant', 'registration.cancelled'],
      [w1!.id, 'system', 'registration.promoted'],
    ]);

    // The promoted person's manage link shows the seat.
    const view = registrationSchema.parse((await manage('GET', w1!.id, tokenFor(w1!.id))).json());
    expect(view).toMatchObject({ status: 'confirmed', waitlistPosition: null });
  });

  it('cancelling a waitlisted registration closes the gap and promotes nobody', async () => {
    const meeting = await createMeeting(db(), { capacity: 1 });
    const seat = await registered(meeting.id);
    const w = [await registered(meeting.id), await registered(meeting.id), await registered(meeting.id)];
    expect((await manage('DELETE', w[1]!.id, tokenFor(w[1]!.id))).statusCode).toBe(204);
    expect(await waitlistOf(meeting.id)).toEqual([
      { id: w[0]!.id, waitlistPosition: 1 },
      { id: w[2]!.id, waitlistPosition: 2 },
    ]);
    expect((await db().registration.findUniqueOrThrow({ where: { id: seat.id } })).status).toBe('confirmed');
    expect(await db().outboxEmail.count({ where: { meetingId: meeting.id, kind: 'registration_promoted' } })).toBe(0);
    expect(await seatsOf(meeting.id)).toEqual({ capacity: 1, confirmed: 1, waitlisted: 2, available: 0 });
  });

  it('DELETE of a cancelled registration is 204 and changes nothing; PATCH of it is 409; GET shows it cancelled', async () => {
    const meeting = await createMeeting(db());
    const created = await registered(meeting.id);
    const token = tokenFor(created.id);
    expect((await manage('DELETE', created.id, token)).statusCode).toBe(204);
    const firstCancel = await db().registration.findUniqueOrThrow({ where: { id: created.id } });

    expect((await manage('DELETE', created.id, token)).statusCode).toBe(204);
    const secondCancel = await db().registration.findUniqueOrThrow({ where: { id: created.id } });
    expect(secondCancel.cancelledAt).toEqual(firstCancel.cancelledAt);
    expect(
      await db().outboxEmail.count({ where: { registrationId: created.id, kind: 'registration_cancelled' } }),
    ).toBe(1);
    expect(await db().auditLog.count({ where: { entityId: created.id, action: 'registration.cancelled' } })).toBe(1);

    expectProblem(await manage('PATCH', created.id, token, { comment: 'Alligevel' }), 409, 'conflict');
    const view = registrationSchema.parse((await manage('GET', created.id, token)).json());
    expect(view).toMatchObject({ status: 'cancelled', waitlistPosition: null, cancelledAt: expect.any(String) });
    expect(await seatsOf(meeting.id)).toMatchObject({ confirmed: 0, waitlisted: 0, available: 40 });
  });

  it('keeps registrations of a meeting that has taken place: neither cancelled nor changed (409)', async () => {
    const meeting = await createMeeting(db());
    const created = await registered(meeting.id, person({ comment: 'Før mødet' }));
    const before = await db().registration.findUniqueOrThrow({ where: { id: created.id } });
    // Over, whether or not the coordinator has marked it held yet.
    for (const status of ['held', 'open'] as const) {
      await db().meeting.update({
        where: { id: meeting.id },
        data: { status, startsAt: new Date(Date.now() - 2 * DAY), endsAt: new Date(Date.now() - 1.9 * DAY) },
      });
      const cancel = expectProblem(await manage('DELETE', created.id, tokenFor(created.id)), 409, 'conflict');
      const change = expectProblem(
        await manage('PATCH', created.id, tokenFor(created.id), { comment: 'Efter mødet' }),
        409,
        'conflict',
      );
      expect(change.detail).toBe(cancel.detail);
    }
    expect(await db().registration.findUniqueOrThrow({ where: { id: created.id } })).toEqual(before);
    expect(await db().auditLog.count({ where: { entityId: created.id, action: 'registration.updated' } })).toBe(0);
  });

  it(`answers a link whose meeting ended more than ${manageLinkDaysAfterMeeting} days ago with the same 404 as a wrong token`, async () => {
    const meeting = await createMeeting(db());
    const created = await registered(meeting.id);
    const token = tokenFor(created.id);
    const endedDaysAgo = (days: number) =>
      db().meeting.update({
        where: { id: meeting.id },
        data: {
          status: 'held',
          startsAt: new Date(Date.now() - days * DAY - 4 * 60 * 60 * 1000),
          endsAt: new Date(Date.now() - days * DAY),
        },
      });
    const { instance: _, ...wrongToken } = expectProblem(
      await manage('GET', created.id, 'wrong-token'),
      404,
      'not_found',
    );

    await endedDaysAgo(manageLinkDaysAfterMeeting - 1);
    expect((await manage('GET', created.id, token)).statusCode).toBe(200);

    await endedDaysAgo(manageLinkDaysAfterMeeting + 1);
    for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
      const response = await manage(method, created.id, token, method === 'PATCH' ? { comment: 'x' } : undefined);
      const { instance: __, ...problem } = expectProblem(response, 404, 'not_found');
      expect(problem).toEqual(wrongToken);
    }
    expect((await db().registration.findUniqueOrThrow({ where: { id: created.id } })).status).toBe('confirmed');
  });

  it('checks that a library is left on the registration as the write finds it, not as it was read before', async () => {
    const meeting = await createMeeting(db());
    const library = await createLibrary(db());
    const created = await registered(meeting.id, person({ libraryName: 'Køge Bibliotekerne' }));
    const token = tokenFor(created.id);

    let patch: ReturnType<typeof manage> | undefined;
    await db().$transaction(
      async (tx) => {
        // Another change in flight: the library chosen from the list, which clears the typed one.
        await tx.$queryRaw`SELECT 1 FROM "Registration" WHERE "id" = ${created.id}::uuid FOR UPDATE`;
        await tx.registration.update({ where: { id: created.id }, data: { libraryId: library.id, libraryName: null } });
        // Meanwhile the registrant clears the listed library, counting on the typed one that is going away.
        patch = manage('PATCH', created.id, token, { libraryId: null });
        await waitForLockWaiters(1);
      },
      { timeout: 20_000 },
    );

    const body = expectProblem(await patch!, 400, 'validation_failed');
    expect(body.errors?.map((error) => [error.field, error.message])).toEqual([['libraryId', 'library_required']]);
    expect(await db().registration.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({
      libraryId: library.id,
      libraryName: null,
    });
  });
});

describe('promoteFromWaitlist', () => {
  it('promotes as many as a capacity increase makes room for, in waitlist order', async () => {
    const meeting = await createMeeting(db(), { capacity: 2 });
    for (let n = 0; n < 2; n++) await registered(meeting.id);
    const waiting = [];
    for (let n = 0; n < 4; n++) waiting.push(await registered(meeting.id));

    await db().meeting.update({ where: { id: meeting.id }, data: { capacity: 5 } });
    const promoted = await db().$transaction((tx) => promoteFromWaitlist(tx, meeting.id));
    expect(promoted).toEqual(waiting.slice(0, 3).map((row) => row.id));
    expect(await waitlistOf(meeting.id)).toEqual([{ id: waiting[3]!.id, waitlistPosition: 1 }]);
    expect(await seatsOf(meeting.id)).toEqual({ capacity: 5, confirmed: 5, waitlisted: 1, available: 0 });
    expect(await db().outboxEmail.count({ where: { meetingId: meeting.id, kind: 'registration_promoted' } })).toBe(3);

    // Nothing to do: nothing changes.
    expect(await db().$transaction((tx) => promoteFromWaitlist(tx, meeting.id))).toEqual([]);
  });

  it('does not promote into a cancelled meeting', async () => {
    const meeting = await createMeeting(db(), { capacity: 1 });
    const seat = await registered(meeting.id);
    await registered(meeting.id);
    await db().meeting.update({ where: { id: meeting.id }, data: { status: 'cancelled' } });
    expect((await manage('DELETE', seat.id, tokenFor(seat.id))).statusCode).toBe(204);
    expect(await seatsOf(meeting.id)).toMatchObject({ confirmed: 0, waitlisted: 1 });
  });
});

describe('Cache-Control', () => {
  it('is no-store on every answer about a registration, refusals included', async () => {
    const meeting = await createMeeting(db());
    const payload = person();
    const created = await register(meeting.id, payload);
    const id = registrationCreatedSchema.parse(created.json()).id!;
    const token = tokenFor(id);
    const responses = [
      created,
      await register(meeting.id, payload),
      await register(meeting.id, { ...payload, email: 'not-an-email' }),
      await manage('GET', id, token),
      await manage('PATCH', id, token, { comment: 'Vegetar' }),
      await manage('GET', id, 'wrong-token'),
      await manage('DELETE', id, token),
    ];
    expect(responses.map((response) => response.statusCode)).toEqual([201, 202, 400, 200, 200, 404, 204]);
    for (const response of responses) expect(response.headers['cache-control']).toBe('no-store');
  });
});

describe('OpenAPI', () => {
  type Responses = Record<string, { headers?: Record<string, unknown>; content?: Record<string, { schema: unknown }> }>;
  async function openapi() {
    return (await app.inject({ url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, { responses: Responses }>>;
      components: { schemas: Record<string, unknown> };
    };
  }
  const schemaOf = (responses: Responses, status: string) => responses[status]?.content?.['application/json']?.schema;

  it('documents the registration operations with their answers', async () => {
    const document = await openapi();
    const create = document.paths['/api/v1/meetings/{id}/registrations']!.post!;
    expect(Object.keys(create.responses).sort()).toEqual([
      '201',
      '202',
      '400',
      '404',
      '409',
      '413',
      '415',
      '422',
      '429',
      '500',
      '503',
    ]);
    const manageOps = document.paths['/api/v1/registrations/{id}']!;
    expect(Object.keys(manageOps).sort()).toEqual(['delete', 'get', 'patch']);
    expect(Object.keys(manageOps.get!.responses).sort()).toEqual(['200', '404', '500']);
    expect(Object.keys(manageOps.patch!.responses).sort()).toEqual(['200', '400', '404', '409', '413', '415', '500']);
    expect(Object.keys(manageOps.delete!.responses).sort()).toEqual(['204', '404', '409', '500']);
  });

  it('gives 201 and 202 each the body it really has, and declares the response headers', async () => {
    const document = await openapi();
    const { responses } = document.paths['/api/v1/meetings/{id}/registrations']!.post!;
    expect(schemaOf(responses, '201')).toEqual({ $ref: '#/components/schemas/RegistrationCreatedNew' });
    expect(schemaOf(responses, '202')).toEqual({ $ref: '#/components/schemas/RegistrationAlreadyRegistered' });
    const created = JSON.stringify(document.components.schemas.RegistrationCreatedNew);
    expect(created).toContain('"waitlisted"');
    expect(created).not.toContain('already_registered');
    expect(document.components.schemas.RegistrationAlreadyRegistered).toMatchObject({
      properties: { id: { type: 'null' }, status: { const: 'already_registered' }, waitlistPosition: { type: 'null' } },
    });

    for (const status of ['201', '202']) {
      expect(Object.keys(responses[status]!.headers ?? {})).toEqual(['idempotent-replayed']);
    }
    expect(responses['503']!.headers).toEqual({
      'retry-after': { schema: { type: 'integer', minimum: 1 }, description: expect.any(String) },
    });
    expect(responses['429']!.headers).toEqual({
      'retry-after': { schema: { type: 'integer', minimum: 1 }, description: expect.any(String) },
      ratelimit: { schema: { type: 'string' }, description: expect.stringContaining('IETF') },
      'ratelimit-policy': { schema: { type: 'string' }, description: expect.stringContaining('IETF') },
    });
    expect(schemaOf(responses, '415')).toEqual({ $ref: '#/components/schemas/Problem' });
    expect(schemaOf(responses, '500')).toEqual({ $ref: '#/components/schemas/Problem' });
  });
});
