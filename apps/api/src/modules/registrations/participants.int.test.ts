import { problemSchema } from '@bok/shared/errors';
import {
  checkInStateSchema,
  headcountSchema,
  participantListSchema,
  participantSchema,
} from '@bok/shared/participants';
import { describe, expect, it } from 'vitest';
import { asBrowser, bearer, createApiKey, createCoordinator, signIn } from '../../../test/auth';
import { parseCsv } from '../../../test/csv';
import { createLibrary, createMeeting, createRegistration, uniqueEmail } from '../../../test/factories';
import { useTestApp } from '../../../test/test-app';

const { app, database } = useTestApp();
const db = () => database().prisma;
const MINUTE = 60_000;

async function keys() {
  const [reader, writer] = await Promise.all([
    createApiKey(db(), ['registrations:read']),
    createApiKey(db(), ['registrations:write']),
  ]);
  return { read: bearer(reader.key), write: bearer(writer.key) };
}

function post(url: string, headers: Record<string, string>, payload: object = {}) {
  return app().inject({ method: 'POST', url, headers, payload });
}

const list = async (meetingId: string, headers: Record<string, string>, query = '') =>
  participantListSchema.parse(
    (await app().inject({ url: `/api/v1/meetings/${meetingId}/registrations${query}`, headers })).json(),
  );

async function positionsOf(meetingId: string) {
  const rows = await db().registration.findMany({ where: { meetingId, status: 'waitlisted' } });
  return rows.map((row) => row.waitlistPosition).sort((a, b) => a! - b!);
}

const auditOf = (entityId: string) =>
  db().auditLog.findMany({ where: { entityType: 'registration', entityId }, orderBy: { at: 'asc' } });

describe('the participants of a meeting', () => {
  it('lists them searched, filtered and sorted, with the whole meeting’s counts', async () => {
    const { read } = await keys();
    const meeting = await createMeeting(db(), { capacity: 3 });
    const koege = await createLibrary(db(), { name: `Køge Bibliotekerne ${uniqueEmail('k')}` });
    const åse = await createRegistration(db(), meeting.id, { name: 'Åse Ærø', libraryId: koege.id });
    const bo = await createRegistration(db(), meeting.id, {
      name: 'Bo Berg',
      libraryName: 'Stevns Bibliotek',
      checkedInAt: new Date(),
    });
    await createRegistration(db(), meeting.id, { name: 'Carl Dahl', libraryName: 'Greve', status: 'cancelled' });
    const waiting = await createRegistration(db(), meeting.id, {
      name: 'Dorte Eg',
      libraryName: 'Greve',
      status: 'waitlisted',
      waitlistPosition: 1,
    });

    const all = await list(meeting.id, read);
    expect(all.counts).toEqual({ confirmed: 2, waitlisted: 1, cancelled: 1, held: 0, checkedIn: 1, capacity: 3 });
    expect(all.items.map((item) => item.name)).toEqual(['Bo Berg', 'Carl Dahl', 'Dorte Eg', 'Åse Ærø']);
    expect(all.items.find((item) => item.id === åse.id)?.library).toEqual({ id: koege.id, name: koege.name });

    expect((await list(meeting.id, read, '?q=k%C3%B8ge')).items.map((item) => item.id)).toEqual([åse.id]);
    expect((await list(meeting.id, read, '?q=STEVNS')).items.map((item) => item.id)).toEqual([bo.id]);
    expect((await list(meeting.id, read, '?status=waitlisted')).items.map((item) => item.id)).toEqual([waiting.id]);
    expect((await list(meeting.id, read, '?checkedIn=true')).items.map((item) => item.id)).toEqual([bo.id]);
    expect((await list(meeting.id, read, `?libraryId=${koege.id}`)).items.map((item) => item.id)).toEqual([åse.id]);
    expect((await list(meeting.id, read, '?sort=-name')).items.map((item) => item.name)[0]).toBe('Åse Ærø');
    // The counts stay the meeting's whatever the filter.
    expect((await list(meeting.id, read, '?status=waitlisted')).counts.confirmed).toBe(2);

    const bad = await app().inject({ url: `/api/v1/meetings/${meeting.id}/registrations?sort=age`, headers: read });
    expect(bad.statusCode).toBe(400);
    expect(problemSchema.parse(bad.json()).errors?.[0]).toMatchObject({ field: 'query.sort' });
  });

  it('adds someone by hand: a seat when free, else the waitlist, beyond the capacity only knowingly', async () => {
    const { write } = await keys();
    const meeting = await createMeeting(db(), { capacity: 1 });
    const url = `/api/v1/meetings/${meeting.id}/registrations/manual`;
    const person = (name: string) => ({ name, email: uniqueEmail('manuel'), libraryName: 'Roskilde' });

    const first = await post(url, write, person('Første'));
    expect(first.statusCode).toBe(201);
    const seated = participantSchema.parse(first.json());
    expect(seated).toMatchObject({ status: 'confirmed', holdExpiresAt: null });
    expect(await db().outboxEmail.count({ where: { registrationId: seated.id, kind: 'registration_confirmed' } })).toBe(
      1,
    );

    // Full: the waitlist, as for anyone; told nothing when the coordinator says so.
    const second = participantSchema.parse((await post(url, write, { ...person('Anden'), notify: false })).json());
    expect(second).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
    expect(await db().outboxEmail.count({ where: { registrationId: second.id } })).toBe(0);

    // Knowingly beyond the capacity: a seat.
    const third = participantSchema.parse(
      (await post(url, write, { ...person('Tredje'), overrideCapacity: true })).json(),
    );
    expect(third.status).toBe('confirmed');
    expect(await db().registration.count({ where: { meetingId: meeting.id, status: 'confirmed' } })).toBe(2);
    expect((await auditOf(third.id))[0]).toMatchObject({
      action: 'registration.added',
      data: expect.objectContaining({ beyondCapacity: true }),
    });

    // One active registration per address.
    const again = await post(url, write, { name: 'Igen', email: first.json().email.toUpperCase() });
    expect(again.statusCode).toBe(409);
    expect(problemSchema.parse(again.json()).errors?.[0]).toMatchObject({ field: 'email' });
    const unknown = await post(url, write, {
      name: 'Ukendt',
      email: uniqueEmail('manuel'),
      libraryId: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknown.statusCode).toBe(400);
    expect(problemSchema.parse(unknown.json()).errors?.[0]).toMatchObject({ field: 'libraryId' });
  });

  it('moves between waitlist and seat: refused when full unless knowingly, the freed seat to the first in line', async () => {
    const { write } = await keys();
    const meeting = await createMeeting(db(), { capacity: 2 });
    const seatA = await createRegistration(db(), meeting.id, { name: 'A' });
    await createRegistration(db(), meeting.id, { name: 'B' });
    const w1 = await createRegistration(db(), meeting.id, { status: 'waitlisted', waitlistPosition: 1 });
    const w2 = await createRegistration(db(), meeting.id, { status: 'waitlisted', waitlistPosition: 2 });
    const w3 = await createRegistration(db(), meeting.id, { status: 'waitlisted', waitlistPosition: 3 });

    const full = await post(`/api/v1/registrations/${w2.id}/move`, write, { to: 'confirmed' });
    expect(full.statusCode).toBe(409);
    expect(problemSchema.parse(full.json())).toMatchObject({
      errors: [expect.objectContaining({ field: 'overrideCapacity' })],
    });
    expect(problemSchema.parse(full.json()).detail).toContain('All 2 seats are taken');

    // Knowingly: w2 gets a seat out of order; the waitlist closes up.
    const moved = await post(`/api/v1/registrations/${w2.id}/move`, write, { to: 'confirmed', overrideCapacity: true });
    expect(participantSchema.parse(moved.json())).toMatchObject({ status: 'confirmed', waitlistPosition: null });
    expect(await positionsOf(meeting.id)).toEqual([1, 2]);
    expect(await db().outboxEmail.count({ where: { registrationId: w2.id, kind: 'registration_promoted' } })).toBe(1);

    // A back to the waitlist's end: 3 seated of 2 means no seat is freed, nobody promoted.
    const back = participantSchema.parse(
      (await post(`/api/v1/registrations/${seatA.id}/move`, write, { to: 'waitlisted' })).json(),
    );
    expect(back).toMatchObject({ status: 'waitlisted', waitlistPosition: 3 });
    expect(await positionsOf(meeting.id)).toEqual([1, 2, 3]);
    // B and w2 seated; now B goes back: a seat frees up and goes to w1, first in line.
    const seatB = (await db().registration.findFirstOrThrow({ where: { meetingId: meeting.id, name: 'B' } })).id;
    await post(`/api/v1/registrations/${seatB}/move`, write, { to: 'waitlisted' });
    const w1After = await db().registration.findUniqueOrThrow({ where: { id: w1.id } });
    expect(w1After.status).toBe('confirmed');
    expect(await positionsOf(meeting.id)).toEqual([1, 2, 3]);
    expect((await db().registration.findUniqueOrThrow({ where: { id: w3.id } })).waitlistPosition).toBe(1);
    expect(await db().registration.count({ where: { meetingId: meeting.id, status: 'confirmed' } })).toBe(2);
    expect((await auditOf(seatB)).map((entry) => entry.action)).toEqual(['registration.moved']);

    // The calendar entry leaves with the seat.
    const unseated = await db().outboxEmail.findFirstOrThrow({ where: { registrationId: seatB } });
    expect(unseated).toMatchObject({ kind: 'registration_waitlisted' });
  });

  it('keeps the count and the waitlist right when moves and cancellations meet concurrent registrations', async () => {
    const { write } = await keys();
    const meeting = await createMeeting(db(), { capacity: 10 });
    const register = (n: number) =>
      post(
        `/api/v1/meetings/${meeting.id}/registrations`,
        {},
        {
          name: `Deltager ${n}`,
          email: `move-${meeting.id.slice(0, 8)}-${n}@test.example`,
          libraryName: 'Testbibliotek',
          consent: true,
        },
      );
    expect(
      (await Promise.all(Array.from({ length: 15 }, (_, n) => register(n)))).every((r) => r.statusCode === 201),
    ).toBe(true);
    const rows = await db().registration.findMany({ where: { meetingId: meeting.id }, orderBy: { createdAt: 'asc' } });
    const seated = rows.filter((row) => row.status === 'confirmed');
    const waiting = rows.filter((row) => row.status === 'waitlisted');
    const answers = await Promise.all([
      ...Array.from({ length: 15 }, (_, n) => register(15 + n)),
      post(`/api/v1/registrations/${waiting[3]!.id}/move`, write, { to: 'confirmed' }),
      post(`/api/v1/registrations/${seated[0]!.id}/cancel`, write, {}),
      post(`/api/v1/registrations/${seated[1]!.id}/move`, write, { to: 'waitlisted' }),
    ]);
    expect(answers.slice(0, 15).every((response) => response.statusCode === 201)).toBe(true);
    const after = await db().registration.findMany({ where: { meetingId: meeting.id } });
    // Never more seated than seats (no override was given), and the waitlist 1, 2, 3 … without gaps.
    expect(after.filter((row) => row.status === 'confirmed')).toHaveLength(10);
    const positions = await positionsOf(meeting.id);
    expect(positions).toEqual(Array.from({ length: positions.length }, (_, index) => index + 1));
    expect(after.filter((row) => row.status === 'waitlisted')).toHaveLength(30 - 10 - 1);
  });

  it('checks in and undoes; an offline queue replayed twice, or out of order, settles on its newest change', async () => {
    const { write } = await keys();
    const meeting = await createMeeting(db());
    const seat = await createRegistration(db(), meeting.id);
    const waiting = await createRegistration(db(), meeting.id, { status: 'waitlisted', waitlistPosition: 1 });
    const checkIn = (id: string, at?: Date) =>
      post(`/api/v1/registrations/${id}/check-in`, write, at ? { at: at.toISOString() } : {});
    const undo = (id: string, at?: Date) =>
      post(`/api/v1/registrations/${id}/check-in/undo`, write, at ? { at: at.toISOString() } : {});
    const state = (response: { json(): unknown }) => checkInStateSchema.parse(response.json());
    const stored = async () => (await db().registration.findUniqueOrThrow({ where: { id: seat.id } })).checkedInAt;

    const t0 = new Date(Date.now() - 30 * MINUTE);
    const t1 = new Date(t0.getTime() + MINUTE);
    const t2 = new Date(t0.getTime() + 2 * MINUTE);

    expect(state(await checkIn(seat.id, t0))).toEqual({ id: seat.id, checkedInAt: t0.toISOString(), applied: true });
    // Again (another phone, later): still the first arrival, nothing applied.
    expect(state(await checkIn(seat.id, t1))).toMatchObject({ checkedInAt: t0.toISOString(), applied: false });
    expect(state(await undo(seat.id, t2))).toMatchObject({ checkedInAt: null, applied: true });

    // The offline queue [check-in t0, undo t2] replayed twice: nothing changes, nothing is logged twice.
    for (let round = 0; round < 2; round++) {
      expect(state(await checkIn(seat.id, t0)).applied).toBe(false);
      expect(state(await undo(seat.id, t2)).applied).toBe(false);
    }
    expect(await stored()).toBeNull();
    expect((await auditOf(seat.id)).map((entry) => entry.action)).toEqual([
      'registration.checked_in',
      'registration.check_in_undone',
    ]);

    // A newer check-in applies; a phone's clock ahead of ours counts as now.
    const inFuture = new Date(Date.now() + 60 * MINUTE);
    const now = state(await checkIn(seat.id, inFuture));
    expect(now.applied).toBe(true);
    expect(new Date(now.checkedInAt!).getTime()).toBeLessThan(inFuture.getTime());

    // Only a seat checks in.
    const refused = await checkIn(waiting.id);
    expect(refused.statusCode).toBe(409);
    expect(problemSchema.parse(refused.json()).detail).toContain('waitlist');
    expect((await checkIn('00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });

  it('exports a CSV that Danish Excel reads: BOM, semicolons, æøå, quoted fields, formulas neutralised', async () => {
    const { read } = await keys();
    const meeting = await createMeeting(db());
    await createRegistration(db(), meeting.id, {
      name: '=HYPERLINK("http://evil.example","Klik")',
      libraryName: 'Ærø; Søby afdeling',
      dietaryNeeds: 'Vegetar\nIngen nødder',
    });
    await createRegistration(db(), meeting.id, {
      name: 'Åse Øster',
      libraryName: 'Hørsholm',
      jobTitle: '+45 bibliotekar',
    });
    const response = await app().inject({ url: `/api/v1/meetings/${meeting.id}/registrations.csv`, headers: read });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="deltagere-.+\.csv"$/);
    const body = response.rawPayload.toString('utf8');
    expect(body.charCodeAt(0)).toBe(0xfeff);
    const [header, ...rows] = parseCsv(body.slice(1));
    expect(header!.slice(0, 3)).toEqual(['Navn', 'E-mail', 'Bibliotek']);
    const evil = rows.find((row) => row[0]!.includes('HYPERLINK'))!;
    expect(evil[0]).toBe(`'=HYPERLINK("http://evil.example","Klik")`);
    expect(evil[2]).toBe('Ærø; Søby afdeling');
    expect(evil[8]).toBe('Vegetar\nIngen nødder');
    const åse = rows.find((row) => row[0] === 'Åse Øster')!;
    expect(åse[3]).toBe(`'+45 bibliotekar`);
    expect(åse[4]).toBe('Tilmeldt');
    const english = await app().inject({
      url: `/api/v1/meetings/${meeting.id}/registrations.csv?locale=en`,
      headers: read,
    });
    expect(parseCsv(english.rawPayload.toString('utf8').slice(1))[0]!.slice(0, 3)).toEqual([
      'Name',
      'E-mail',
      'Library',
    ]);
  });

  it('counts heads for the host library: seats by library and the needs, without names', async () => {
    const { read } = await keys();
    const meeting = await createMeeting(db());
    await createRegistration(db(), meeting.id, { libraryName: 'Greve', dietaryNeeds: 'Vegetar' });
    await createRegistration(db(), meeting.id, { libraryName: 'Greve', dietaryNeeds: ' vegetar ' });
    await createRegistration(db(), meeting.id, {
      libraryName: 'Køge',
      accessibilityNeeds: 'Kørestol',
      checkedInAt: new Date(),
    });
    await createRegistration(db(), meeting.id, { libraryName: 'Køge', status: 'waitlisted', waitlistPosition: 1 });
    const response = await app().inject({ url: `/api/v1/meetings/${meeting.id}/headcount`, headers: read });
    const headcount = headcountSchema.parse(response.json());
    expect(headcount).toEqual({
      confirmed: 3,
      checkedIn: 1,
      waitlisted: 1,
      byLibrary: [
        { library: 'Greve', count: 2 },
        { library: 'Køge', count: 1 },
      ],
      dietaryNeeds: [{ need: 'Vegetar', count: 2 }],
      accessibilityNeeds: [{ need: 'Kørestol', count: 1 }],
      answers: [],
    });
    expect(response.body).not.toContain('Test Deltager');
  });

  it('cancels on someone’s behalf from the dashboard session, with the CSRF token, and audits it', async () => {
    const browser = await signIn(app(), await createCoordinator(db()));
    const meeting = await createMeeting(db(), { capacity: 1 });
    const seat = await createRegistration(db(), meeting.id);
    const next = await createRegistration(db(), meeting.id, { status: 'waitlisted', waitlistPosition: 1 });
    const url = `/api/v1/registrations/${seat.id}/cancel`;
    expect((await post(url, asBrowser(browser, { csrf: false }), {})).statusCode).toBe(403);
    const cancelled = await post(url, asBrowser(browser), { notify: false });
    expect(participantSchema.parse(cancelled.json())).toMatchObject({ status: 'cancelled' });
    expect(await db().outboxEmail.count({ where: { registrationId: seat.id } })).toBe(0);
    expect((await db().registration.findUniqueOrThrow({ where: { id: next.id } })).status).toBe('confirmed');
    expect((await auditOf(seat.id))[0]).toMatchObject({
      action: 'registration.cancelled',
      actorType: 'coordinator',
      actorId: browser.state.coordinator.id,
    });
  });
});
