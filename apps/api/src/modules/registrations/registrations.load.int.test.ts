import { meetingDetailSchema } from '@bok/shared/meetings';
import { registrationCreatedSchema } from '@bok/shared/registrations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMeeting } from '../../../test/factories';
import { buildTestApp } from '../../../test/test-app';
import { useTestDatabase } from '../../../test/test-database';
import { createDatabase, type DatabaseHandle } from '../../db/prisma';
import { testConfig } from '../../lib/config';
import { manageTokenFor } from '../../lib/manage-token';

// A popular meeting opening to the whole region at once: many registrations at the same instant.
// They queue for the pool and then for the meeting's lock; a bigger pool would only move the queue
// into PostgreSQL, and the server's 100 connections are shared with other test files.
const POOL_SIZE = 10;
const database = useTestDatabase(POOL_SIZE);
type App = Awaited<ReturnType<typeof buildTestApp>>;
let app: App;
let secondDatabase: DatabaseHandle;
let secondApp: App;

beforeAll(async () => {
  app = await buildTestApp(database().prisma);
  // A second API instance: its own PrismaClient and pool on the same database, as another process would have.
  secondDatabase = createDatabase(database().url, POOL_SIZE);
  secondApp = await buildTestApp(secondDatabase.prisma);
});
afterAll(async () => {
  await secondApp?.close();
  await secondDatabase?.close();
  await app?.close();
});

function register(target: App, meetingId: string, n: number) {
  return target.inject({
    method: 'POST',
    url: `/api/v1/meetings/${meetingId}/registrations`,
    payload: {
      name: `Deltager ${n}`,
      email: `load-${n}@${meetingId}.test`,
      libraryName: 'Testbibliotek',
      consent: true,
    },
  });
}

async function registrationsOf(meetingId: string) {
  return database().prisma.registration.findMany({
    where: { meetingId },
    select: { id: true, status: true, waitlistPosition: true, email: true },
  });
}

/** The invariants: never over capacity, and the waitlist numbered 1..n without gaps or repeats. */
async function expectSeats(meetingId: string, expected: { confirmed: number; waitlisted: number }) {
  const rows = await registrationsOf(meetingId);
  const confirmed = rows.filter((row) => row.status === 'confirmed');
  const waitlisted = rows.filter((row) => row.status === 'waitlisted');
  expect(confirmed).toHaveLength(expected.confirmed);
  expect(confirmed.every((row) => row.waitlistPosition === null)).toBe(true);
  const positions = waitlisted.map((row) => row.waitlistPosition!).sort((a, b) => a - b);
  expect(positions).toEqual(Array.from({ length: expected.waitlisted }, (_, index) => index + 1));

  const detail = meetingDetailSchema.parse((await app.inject({ url: `/api/v1/meetings/${meetingId}` })).json());
  expect(detail.seats).toEqual({
    capacity: 40,
    confirmed: expected.confirmed,
    waitlisted: expected.waitlisted,
    available: Math.max(0, 40 - expected.confirmed),
  });
  return rows;
}

describe('registration under load', () => {
  it('500 concurrent registrations for 40 seats: exactly 40 confirmed, 460 waitlisted at 1..460', async () => {
    const meeting = await createMeeting(database().prisma, { capacity: 40 });
    const responses = await Promise.all(Array.from({ length: 500 }, (_, n) => register(app, meeting.id, n)));

    expect(responses.map((response) => response.statusCode)).toEqual(Array(500).fill(201));
    const answers = responses.map((response) => registrationCreatedSchema.parse(response.json()));
    expect(answers.filter((answer) => answer.status === 'confirmed')).toHaveLength(40);
    const rows = await expectSeats(meeting.id, { confirmed: 40, waitlisted: 460 });

    // Each answer told the truth about the row it created.
    const byId = new Map(rows.map((row) => [row.id, row]));
    for (const answer of answers) {
      expect(byId.get(answer.id!)).toMatchObject({ status: answer.status, waitlistPosition: answer.waitlistPosition });
    }
    // One e-mail per registration, of the right kind.
    const emails = await database().prisma.outboxEmail.groupBy({
      by: ['kind'],
      where: { meetingId: meeting.id },
      _count: { _all: true },
    });
    expect(Object.fromEntries(emails.map((group) => [group.kind, group._count._all]))).toEqual({
      registration_confirmed: 40,
      registration_waitlisted: 460,
    });
  });

  it('holds with two API instances (two PrismaClients and pools) sharing the load on one database', async () => {
    const meeting = await createMeeting(database().prisma, { capacity: 40 });
    const responses = await Promise.all(
      Array.from({ length: 500 }, (_, n) => register(n % 2 === 0 ? app : secondApp, meeting.id, n)),
    );
    expect(responses.map((response) => response.statusCode)).toEqual(Array(500).fill(201));
    await expectSeats(meeting.id, { confirmed: 40, waitlisted: 460 });
  });

  it('concurrent cancellations promote in waitlist order and keep the waitlist contiguous', async () => {
    const prisma = database().prisma;
    const meeting = await createMeeting(prisma, { capacity: 40 });
    // Registered one after another so the waitlist order is known: n = 40 + position - 1.
    for (let n = 0; n < 100; n++) expect((await register(app, meeting.id, n)).statusCode).toBe(201);
    const before = await registrationsOf(meeting.id);
    const positionBefore = new Map(before.map((row) => [row.id, row.waitlistPosition]));
    const confirmed = before.filter((row) => row.status === 'confirmed');
    const waitlistInOrder = before
      .filter((row) => row.status === 'waitlisted')
      .sort((a, b) => a.waitlistPosition! - b.waitlistPosition!);

    // 30 confirmed and 5 waitlisted (positions 41..45 of 60) cancel at once, through both instances.
    const leaving = [...confirmed.slice(0, 30), ...waitlistInOrder.slice(40, 45)];
    const cancels = await Promise.all(
      leaving.map((row, index) =>
        (index % 2 === 0 ? app : secondApp).inject({
          method: 'DELETE',
          url: `/api/v1/registrations/${row.id}`,
          headers: { 'x-registration-token': manageTokenFor(testConfig.appSecret, row.id) },
        }),
      ),
    );
    expect(cancels.map((response) => response.statusCode)).toEqual(Array(35).fill(204));

    const after = await expectSeats(meeting.id, { confirmed: 40, waitlisted: 60 - 30 - 5 });
    const status = new Map(after.map((row) => [row.id, row]));
    // The first 30 on the waitlist got the seats; nobody behind them did.
    for (const row of waitlistInOrder.slice(0, 30)) expect(status.get(row.id)!.status).toBe('confirmed');
    // Everyone still waiting kept their relative order.
    const stillWaiting = after
      .filter((row) => row.status === 'waitlisted')
      .sort((a, b) => a.waitlistPosition! - b.waitlistPosition!);
    const originalOrder = stillWaiting.map((row) => positionBefore.get(row.id)!);
    expect(originalOrder).toEqual([...originalOrder].sort((a, b) => a - b));
    expect(stillWaiting.map((row) => row.id)).toEqual(
      waitlistInOrder
        .slice(30)
        .filter((row) => !leaving.includes(row))
        .map((row) => row.id),
    );

    const promotedEmails = await prisma.outboxEmail.count({
      where: { meetingId: meeting.id, kind: 'registration_promoted' },
    });
    const cancelledEmails = await prisma.outboxEmail.count({
      where: { meetingId: meeting.id, kind: 'registration_cancelled' },
    });
    expect({ promotedEmails, cancelledEmails }).toEqual({ promotedEmails: 30, cancelledEmails: 35 });
  });

  it('registrations and cancellations interleaved keep the invariants', async () => {
    const meeting = await createMeeting(database().prisma, { capacity: 40 });
    const first = await Promise.all(Array.from({ length: 60 }, (_, n) => register(app, meeting.id, 1000 + n)));
    const ids = first.map((response) => registrationCreatedSchema.parse(response.json()).id!);
    // 20 cancel (confirmed and waitlisted alike) while 100 more register, on both instances.
    const mixed = await Promise.all([
      ...ids
        .slice(0, 60)
        .filter((_, index) => index % 3 === 0)
        .map((id, index) =>
          (index % 2 ? app : secondApp).inject({
            method: 'DELETE',
            url: `/api/v1/registrations/${id}`,
            headers: { 'x-registration-token': manageTokenFor(testConfig.appSecret, id) },
          }),
        ),
      ...Array.from({ length: 100 }, (_, n) => register(n % 2 ? app : secondApp, meeting.id, 2000 + n)),
    ]);
    expect(mixed.every((response) => response.statusCode === 204 || response.statusCode === 201)).toBe(true);
    await expectSeats(meeting.id, { confirmed: 40, waitlisted: 60 + 100 - 20 - 40 });
  });
});
