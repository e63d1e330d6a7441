import { problemSchema } from '@bok/shared/errors';
import { meetingDetailSchema } from '@bok/shared/meetings';
import { describe, expect, it } from 'vitest';
import { asBrowser, bearer, createApiKey, createCoordinator, signIn } from '../../../test/auth';
import { createMeeting, createRegistration } from '../../../test/factories';
import { useTestApp } from '../../../test/test-app';

const { app, database } = useTestApp();
const db = () => database().prisma;

function patch(meetingId: string, payload: object, headers: Record<string, string>) {
  return app().inject({ method: 'PATCH', url: `/api/v1/meetings/${meetingId}`, payload, headers });
}

async function coordinatorBrowser() {
  return asBrowser(await signIn(app(), await createCoordinator(db())));
}

const waitlist = async (meetingId: string) =>
  (
    await db().registration.findMany({
      where: { meetingId, status: 'waitlisted' },
      orderBy: { waitlistPosition: 'asc' },
      select: { id: true, waitlistPosition: true },
    })
  ).map((row) => [row.id, row.waitlistPosition]);

describe('PATCH /api/v1/meetings/{id}: registration settings', () => {
  it('turns on confirmation from the e-mail and a per-library cap, shown on the public page and audited', async () => {
    const meeting = await createMeeting(db());
    const headers = await coordinatorBrowser();
    const response = await patch(
      meeting.id,
      { confirmationRequired: true, holdMinutes: 45, seatsPerLibrary: 3 },
      headers,
    );
    expect(response.statusCode).toBe(200);
    expect(meetingDetailSchema.parse(response.json()).registrationRules).toEqual({
      confirmationRequired: true,
      holdMinutes: 45,
      seatsPerLibrary: 3,
    });
    // The public page shows it at once (its cached answer was replaced).
    const page = meetingDetailSchema.parse((await app().inject({ url: `/api/v1/meetings/${meeting.slug}` })).json());
    expect(page.registrationRules.confirmationRequired).toBe(true);

    const audit = await db().auditLog.findFirstOrThrow({ where: { entityId: meeting.id, action: 'meeting.updated' } });
    expect(audit).toMatchObject({ actorType: 'coordinator', entityType: 'meeting' });
    expect(audit.data).toMatchObject({
      fields: ['confirmationRequired', 'holdMinutes', 'seatsPerLibrary'],
      'holdMinutes.before': 60,
      'holdMinutes.after': 45,
      'seatsPerLibrary.before': null,
      'seatsPerLibrary.after': 3,
    });
  });

  it('promotes from the waitlist in order at once when the capacity is raised', async () => {
    const meeting = await createMeeting(db(), { capacity: 2 });
    await createRegistration(db(), meeting.id);
    await createRegistration(db(), meeting.id);
    const waiting = [];
    for (let position = 1; position <= 3; position++) {
      waiting.push(await createRegistration(db(), meeting.id, { status: 'waitlisted', waitlistPosition: position }));
    }
    const key = await createApiKey(db(), ['meetings:write']);
    const response = await patch(meeting.id, { capacity: 4 }, bearer(key.key));
    expect(response.statusCode).toBe(200);
    expect(meetingDetailSchema.parse(response.json()).seats).toMatchObject({
      capacity: 4,
      confirmed: 4,
      waitlisted: 1,
    });
    const promoted = await db().registration.findMany({ where: { id: { in: [waiting[0]!.id, waiting[1]!.id] } } });
    expect(promoted.map((row) => row.status)).toEqual(['confirmed', 'confirmed']);
    expect(await waitlist(meeting.id)).toEqual([[waiting[2]!.id, 1]]);
    const emails = await db().outboxEmail.findMany({ where: { meetingId: meeting.id, kind: 'registration_promoted' } });
    expect(emails).toHaveLength(2);
  });

  it('refuses a capacity below the seats taken, saying how many, and changes nothing', async () => {
    const meeting = await createMeeting(db(), { capacity: 5 });
    for (let index = 0; index < 3; index++) await createRegistration(db(), meeting.id);
    const response = await patch(meeting.id, { capacity: 2, waitlistEnabled: false }, await coordinatorBrowser());
    expect(response.statusCode).toBe(409);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const body = problemSchema.parse(response.json());
    expect(body.detail).toContain('3 people have a seat');
    expect(body.errors).toEqual([expect.objectContaining({ field: 'capacity', code: 'below_confirmed' })]);
    expect(await db().meeting.findUniqueOrThrow({ where: { id: meeting.id } })).toMatchObject({
      capacity: 5,
      waitlistEnabled: true,
    });
  });

  it('names the field of a bad value, an unknown field, and a window that closes before it opens', async () => {
    const meeting = await createMeeting(db());
    const headers = await coordinatorBrowser();
    const cases: Array<[object, string, string]> = [
      [{ holdMinutes: 2 }, 'holdMinutes', 'too_small'],
      [{ seatsPerLibrary: 0 }, 'seatsPerLibrary', 'too_small'],
      [{ capacity: 'many' }, 'capacity', 'invalid_type'],
      [{ slug: 'nyt-navn' }, 'slug', 'not_editable'],
      [
        { registrationOpensAt: '2030-05-02T08:00:00Z', registrationClosesAt: '2030-05-01T08:00:00Z' },
        'registrationClosesAt',
        'closes_before_opens',
      ],
      // Against the stored opening: the meeting's registration opened a day ago.
      [
        { registrationClosesAt: new Date(Date.now() - 2 * 86_400_000).toISOString() },
        'registrationClosesAt',
        'closes_before_opens',
      ],
    ];
    for (const [payload, field, code] of cases) {
      const response = await patch(meeting.id, payload, headers);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      const [error, ...more] = problemSchema.parse(response.json()).errors ?? [];
      expect(more, JSON.stringify(payload)).toEqual([]);
      expect(error?.field, JSON.stringify(payload)).toBe(field);
      // zod's own issues carry their code; our rules' codes ride as the message of a `custom` one.
      expect([error?.code, error?.message], JSON.stringify(payload)).toContain(code);
    }
  });

  it('asks for meetings:write: anonymous 401, a key without the scope 403, the cookie without CSRF 403', async () => {
    const meeting = await createMeeting(db());
    expect((await patch(meeting.id, { capacity: 50 }, {})).statusCode).toBe(401);
    const readOnly = await createApiKey(db(), ['meetings:read']);
    const forbidden = await patch(meeting.id, { capacity: 50 }, bearer(readOnly.key));
    expect(forbidden.statusCode).toBe(403);
    expect(problemSchema.parse(forbidden.json()).requiredScope).toBe('meetings:write');
    const browser = await signIn(app(), await createCoordinator(db()));
    expect((await patch(meeting.id, { capacity: 50 }, asBrowser(browser, { csrf: false }))).statusCode).toBe(403);
    expect((await db().meeting.findUniqueOrThrow({ where: { id: meeting.id } })).capacity).toBe(40);
    expect((await patch('no-such-meeting', { capacity: 50 }, asBrowser(browser))).statusCode).toBe(404);
  });

  it('raises the capacity while registrations arrive: no overbooking, promotions in waitlist order, positions contiguous', async () => {
    const meeting = await createMeeting(db(), { capacity: 10 });
    const key = await createApiKey(db(), ['meetings:write']);
    const register = (n: number) =>
      app().inject({
        method: 'POST',
        url: `/api/v1/meetings/${meeting.id}/registrations`,
        payload: {
          name: `Deltager ${n}`,
          email: `burst-${meeting.id.slice(0, 8)}-${n}@test.example`,
          libraryName: 'Testbibliotek',
          consent: true,
        },
      });
    // The first 25 in, then the capacity goes up while 25 more arrive.
    const first = await Promise.all(Array.from({ length: 25 }, (_, n) => register(n)));
    expect(first.every((response) => response.statusCode === 201)).toBe(true);
    const waitingBefore = await waitlist(meeting.id);
    const [raised, ...rest] = await Promise.all([
      patch(meeting.id, { capacity: 30 }, bearer(key.key)),
      ...Array.from({ length: 25 }, (_, n) => register(25 + n)),
    ]);
    expect(raised!.statusCode).toBe(200);
    expect(rest.every((response) => response.statusCode === 201)).toBe(true);

    const rows = await db().registration.findMany({ where: { meetingId: meeting.id } });
    const confirmed = rows.filter((row) => row.status === 'confirmed');
    expect(confirmed).toHaveLength(30);
    // The 15 waiting before the change were first in line for the 20 new seats.
    const promoted = new Set(confirmed.map((row) => row.id));
    expect(waitingBefore.every(([id]) => promoted.has(id as string))).toBe(true);
    const positions = rows
      .filter((row) => row.status === 'waitlisted')
      .map((row) => row.waitlistPosition)
      .sort((a, b) => a! - b!);
    expect(positions).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
  });
});
