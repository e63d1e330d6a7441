import { problemSchema } from '@bok/shared/errors';
import { meetingDetailSchema } from '@bok/shared/meetings';
import { describe, expect, it } from 'vitest';
import { asBrowser, bearer, createApiKey, createCoordinator, signIn } from '../../../test/auth';
import { createLibrary, createMeeting, createRegistration, createTheme, uniqueEmail } from '../../../test/factories';
import { useTestApp } from '../../../test/test-app';
import { slugFromTitle } from './meetings.write';

const { app, database } = useTestApp();
const db = () => database().prisma;
const DAY = 86_400_000;

async function reader() {
  return bearer((await createApiKey(db(), ['meetings:read'])).key);
}

async function writer() {
  return bearer((await createApiKey(db(), ['meetings:write'])).key);
}

const inDays = (days: number, hour = 9) => {
  const date = new Date(Date.now() + days * DAY);
  date.setUTCHours(hour, 0, 0, 0);
  return date.toISOString();
};

function send(
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  headers: Record<string, string>,
  payload?: object,
) {
  return app().inject({ method, url, headers, ...(payload ? { payload } : {}) });
}

const status = (meetingId: string, headers: Record<string, string>, payload: object) =>
  send('POST', `/api/v1/meetings/${meetingId}/status`, headers, payload);

const kindsFor = async (registrationId: string) =>
  (await db().outboxEmail.findMany({ where: { registrationId }, orderBy: { createdAt: 'asc' } })).map((row) => ({
    kind: row.kind,
    dedupeKey: row.dedupeKey,
  }));

describe('a meeting from draft to held', () => {
  it('is created as a draft with a slug from its title, hidden from the public until announced', async () => {
    const headers = asBrowser(await signIn(app(), await createCoordinator(db())));
    const title = `Læselyst på Ærø ${uniqueEmail('x').slice(0, 8)}`;
    const payload = { title, startsAt: inDays(40), endsAt: inDays(40, 13), capacity: 30, summary: '  ' };
    const created = await send('POST', '/api/v1/meetings', headers, payload);
    expect(created.statusCode).toBe(201);
    const meeting = meetingDetailSchema.parse(created.json());
    expect(meeting).toMatchObject({ status: 'draft', title, summary: null, slug: slugFromTitle(title) });
    expect(meeting.slug).toMatch(/^laeselyst-paa-aeroe-/);
    expect((await app().inject({ url: `/api/v1/meetings/${meeting.slug}` })).statusCode).toBe(404);

    // The same title again: the next free address.
    const again = meetingDetailSchema.parse((await send('POST', '/api/v1/meetings', headers, payload)).json());
    expect(again.slug).toBe(`${meeting.slug}-2`);
    const taken = await send('POST', '/api/v1/meetings', headers, { ...payload, slug: meeting.slug });
    expect(taken.statusCode).toBe(409);
    expect(problemSchema.parse(taken.json()).errors).toEqual([expect.objectContaining({ field: 'slug' })]);

    const announced = await status(meeting.id, headers, { status: 'announced' });
    expect(meetingDetailSchema.parse(announced.json())).toMatchObject({
      status: 'announced',
      registrationState: 'not_yet_open',
    });
    const page = await app().inject({ url: `/api/v1/meetings/${meeting.slug}` });
    expect(page.statusCode).toBe(200);
    const opened = meetingDetailSchema.parse((await status(meeting.id, headers, { status: 'open' })).json());
    expect(opened.registrationState).toBe('open');
    const audit = await db().auditLog.findMany({ where: { entityId: meeting.id }, orderBy: { at: 'asc' } });
    expect(audit.map((entry) => entry.action)).toEqual([
      'meeting.created',
      'meeting.status_changed',
      'meeting.status_changed',
    ]);
  });

  it('refuses moves its life does not allow, saying which are, and bad input naming the field', async () => {
    const headers = await writer();
    const draft = await createMeeting(db(), { status: 'draft' });
    const refused = await status(draft.id, headers, { status: 'closed' });
    expect(refused.statusCode).toBe(409);
    expect(problemSchema.parse(refused.json()).detail).toContain('it can become announced or open');
    const early = await createMeeting(db());
    expect(problemSchema.parse((await status(early.id, headers, { status: 'held' })).json()).detail).toContain(
      'once it has begun',
    );
    const unknown = await status(early.id, headers, { status: 'draft' });
    expect(unknown.statusCode).toBe(400);
    expect(problemSchema.parse(unknown.json()).errors?.[0]?.field).toBe('status');
    const backwards = await send('POST', '/api/v1/meetings', headers, {
      title: 'Baglæns',
      startsAt: inDays(10, 12),
      endsAt: inDays(10, 9),
      capacity: 10,
    });
    expect(backwards.statusCode).toBe(400);
    expect(problemSchema.parse(backwards.json()).errors).toEqual([
      expect.objectContaining({ field: 'endsAt', message: 'ends_before_starts' }),
    ]);
  });

  it('sends an updated invitation when the time or venue changes, once, with a higher SEQUENCE', async () => {
    const headers = await writer();
    const meeting = await createMeeting(db(), { sequence: 2, capacity: 1 });
    const seat = await createRegistration(db(), meeting.id);
    const waiting = await createRegistration(db(), meeting.id, { status: 'waitlisted', waitlistPosition: 1 });
    const library = await createLibrary(db(), { name: `Greve Bibliotek ${uniqueEmail('v')}` });
    const startsAt = new Date(meeting.startsAt.getTime() + 60 * 60 * 1000).toISOString();
    const endsAt = new Date(meeting.endsAt.getTime() + 60 * 60 * 1000).toISOString();

    const moved = await send('PATCH', `/api/v1/meetings/${meeting.id}`, headers, {
      startsAt,
      endsAt,
      venueLibraryId: library.id,
    });
    expect(moved.statusCode).toBe(200);
    expect(meetingDetailSchema.parse(moved.json())).toMatchObject({
      sequence: 3,
      startsAt,
      venue: { library: { id: library.id } },
    });
    expect(await kindsFor(seat.id)).toEqual([
      { kind: 'meeting_changed', dedupeKey: `meeting-changed:${meeting.id}:3:${seat.id}` },
    ]);
    expect(await kindsFor(waiting.id)).toEqual([
      { kind: 'meeting_changed', dedupeKey: `meeting-changed:${meeting.id}:3:${waiting.id}` },
    ]);
    // The same values again change nothing and send nothing.
    await send('PATCH', `/api/v1/meetings/${meeting.id}`, headers, { startsAt, endsAt });
    expect(await kindsFor(seat.id)).toHaveLength(1);
    // Texts are not in calendars: no e-mail for a new description.
    const described = await send('PATCH', `/api/v1/meetings/${meeting.id}`, headers, { description: 'Ny tekst' });
    expect(meetingDetailSchema.parse(described.json())).toMatchObject({ sequence: 3, description: 'Ny tekst' });
    expect(await kindsFor(seat.id)).toHaveLength(1);

    const unknownVenue = await send('PATCH', `/api/v1/meetings/${meeting.id}`, headers, {
      venueLibraryId: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknownVenue.statusCode).toBe(400);
    expect(problemSchema.parse(unknownVenue.json()).errors?.[0]).toMatchObject({ field: 'venueLibraryId' });
    const inverted = await send('PATCH', `/api/v1/meetings/${meeting.id}`, headers, {
      endsAt: new Date(meeting.startsAt.getTime() - DAY).toISOString(),
    });
    expect(inverted.statusCode).toBe(400);
    expect(problemSchema.parse(inverted.json()).errors?.[0]).toMatchObject({ field: 'endsAt' });
  });

  it('moves the agenda with a new start, and refuses a time the agenda does not fit, changing nothing', async () => {
    const headers = await writer();
    const HOUR = 60 * 60 * 1000;
    const base = await createMeeting(db());
    const at = (hours: number) => new Date(base.startsAt.getTime() + hours * HOUR);
    await db().agendaItem.createMany({
      data: [
        { meetingId: base.id, position: 0, startsAt: at(0), endsAt: at(1), title: 'Velkomst', kind: 'welcome' },
        { meetingId: base.id, position: 1, startsAt: at(1), endsAt: at(3), title: 'Sparring', kind: 'sparring' },
      ],
    });
    const agendaOf = async () =>
      (await db().agendaItem.findMany({ where: { meetingId: base.id }, orderBy: { position: 'asc' } })).map((item) => [
        item.startsAt.toISOString(),
        item.endsAt.toISOString(),
      ]);

    // A week later, an hour later in the day: each item moves by the same amount.
    const offset = 7 * DAY + HOUR;
    const moved = await send('PATCH', `/api/v1/meetings/${base.id}`, headers, {
      startsAt: new Date(base.startsAt.getTime() + offset).toISOString(),
      endsAt: new Date(base.endsAt.getTime() + offset).toISOString(),
    });
    expect(moved.statusCode).toBe(200);
    const shifted = [
      [at(0), at(1)],
      [at(1), at(3)],
    ].map((pair) => pair.map((date) => new Date(date.getTime() + offset).toISOString()));
    expect(await agendaOf()).toEqual(shifted);
    expect(meetingDetailSchema.parse(moved.json()).agenda.map((item) => [item.startsAt, item.endsAt])).toEqual(shifted);

    // Only the end, earlier than the agenda's last item: refused on endsAt, the meeting and agenda as they were.
    const sequence = meetingDetailSchema.parse(moved.json()).sequence;
    const tooShort = await send('PATCH', `/api/v1/meetings/${base.id}`, headers, {
      endsAt: new Date(base.startsAt.getTime() + offset + 2 * HOUR).toISOString(),
    });
    expect(tooShort.statusCode).toBe(400);
    expect(problemSchema.parse(tooShort.json()).errors).toEqual([
      expect.objectContaining({ field: 'endsAt', code: 'agenda_outside_meeting' }),
    ]);
    expect(await agendaOf()).toEqual(shifted);
    const after = meetingDetailSchema.parse(
      (await send('GET', `/api/v1/coordinator/meetings/${base.id}`, await reader())).json(),
    );
    expect(after).toMatchObject({ sequence, endsAt: new Date(base.endsAt.getTime() + offset).toISOString() });
  });

  it('cancels with a reason: everyone registered told (a CANCEL for seats), registrations ended, nothing changes after', async () => {
    const headers = await writer();
    const meeting = await createMeeting(db(), { sequence: 1, capacity: 1 });
    const seat = await createRegistration(db(), meeting.id);
    const waiting = await createRegistration(db(), meeting.id, { status: 'waitlisted', waitlistPosition: 1 });
    const gone = await createRegistration(db(), meeting.id, { status: 'cancelled' });

    const cancelled = await status(meeting.id, headers, { status: 'cancelled', reason: 'Foredragsholderen er syg.' });
    expect(cancelled.statusCode).toBe(200);
    expect(meetingDetailSchema.parse(cancelled.json())).toMatchObject({
      status: 'cancelled',
      registrationState: 'cancelled',
      cancellationReason: 'Foredragsholderen er syg.',
      sequence: 2,
      seats: { confirmed: 0, waitlisted: 0 },
    });
    const emails = await db().outboxEmail.findMany({ where: { meetingId: meeting.id, kind: 'meeting_cancelled' } });
    expect(emails.map((row) => row.registrationId).sort()).toEqual([seat.id, waiting.id].sort());
    expect(emails.find((row) => row.registrationId === seat.id)?.payload).toMatchObject({ hadSeat: true });
    expect(emails.find((row) => row.registrationId === waiting.id)?.payload).toMatchObject({ hadSeat: false });
    expect(await kindsFor(gone.id)).toEqual([]);
    const rows = await db().registration.findMany({ where: { meetingId: meeting.id } });
    expect(rows.every((row) => row.status === 'cancelled')).toBe(true);

    // Final: no other move, no edit; the same status again is a no-op.
    expect((await status(meeting.id, headers, { status: 'open' })).statusCode).toBe(409);
    expect((await send('PATCH', `/api/v1/meetings/${meeting.id}`, headers, { capacity: 99 })).statusCode).toBe(409);
    expect((await status(meeting.id, headers, { status: 'cancelled' })).statusCode).toBe(200);
    expect(await db().outboxEmail.count({ where: { meetingId: meeting.id, kind: 'meeting_cancelled' } })).toBe(2);
  });

  it('deletes a draft only; a public meeting is cancelled instead', async () => {
    const headers = await writer();
    const draft = await createMeeting(db(), { status: 'draft' });
    const open = await createMeeting(db());
    expect((await send('DELETE', `/api/v1/meetings/${draft.id}`, headers)).statusCode).toBe(204);
    expect(await db().meeting.findUnique({ where: { id: draft.id } })).toBeNull();
    const refused = await send('DELETE', `/api/v1/meetings/${open.id}`, headers);
    expect(refused.statusCode).toBe(409);
    expect(problemSchema.parse(refused.json()).detail).toContain('can be cancelled');
    expect((await send('DELETE', `/api/v1/meetings/${draft.id}`, headers)).statusCode).toBe(404);
  });
});

describe('a repeat of a format, themes, and the coordinator’s list', () => {
  it('duplicates a meeting onto a new date: texts, venue, rules, themes and agenda moved, nobody registered', async () => {
    const headers = await writer();
    const theme = await createTheme(db());
    const library = await createLibrary(db(), { name: `Solrød Bibliotek ${uniqueEmail('d')}` });
    const source = await createMeeting(
      db(),
      {
        title: 'Brugerrejser',
        description: 'Vi kortlægger brugerrejser.',
        venueLibraryId: library.id,
        venueRoom: 'Salen',
        capacity: 24,
        confirmationRequired: true,
        seatsPerLibrary: 3,
      },
      {
        themeIds: [theme.id],
        agenda: [{ position: 1, title: 'Velkomst', kind: 'welcome', startsAt: new Date(0), endsAt: new Date(0) }],
      },
    );
    // The agenda at the meeting's own start.
    await db().agendaItem.updateMany({
      where: { meetingId: source.id },
      data: { startsAt: source.startsAt, endsAt: new Date(source.startsAt.getTime() + 15 * 60_000) },
    });
    await createRegistration(db(), source.id);
    const startsAt = new Date(source.startsAt.getTime() + 91 * DAY);

    const response = await send('POST', `/api/v1/meetings/${source.id}/duplicate`, headers, {
      startsAt: startsAt.toISOString(),
    });
    expect(response.statusCode).toBe(201);
    const copy = meetingDetailSchema.parse(response.json());
    expect(copy).toMatchObject({
      status: 'draft',
      title: 'Brugerrejser',
      description: 'Vi kortlægger brugerrejser.',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(source.endsAt.getTime() + 91 * DAY).toISOString(),
      registrationOpensAt: new Date(source.registrationOpensAt!.getTime() + 91 * DAY).toISOString(),
      venue: { library: { id: library.id }, room: 'Salen' },
      registrationRules: { confirmationRequired: true, holdMinutes: 60, seatsPerLibrary: 3 },
      seats: { capacity: 24, confirmed: 0 },
      themes: [expect.objectContaining({ id: theme.id })],
    });
    expect(copy.slug).toMatch(/^brugerrejser(-\d+)?$/);
    expect(copy.agenda).toEqual([expect.objectContaining({ title: 'Velkomst', startsAt: startsAt.toISOString() })]);
    expect(copy.id).not.toBe(source.id);
  });

  it('sets a meeting’s themes, refusing one that does not exist by its place in the list', async () => {
    const headers = await writer();
    const [one, two] = [await createTheme(db()), await createTheme(db())];
    const meeting = await createMeeting(db(), {}, { themeIds: [one.id] });
    const changed = await send('PATCH', `/api/v1/meetings/${meeting.id}`, headers, {
      themeIds: [two.id, one.id, two.id],
    });
    expect(
      meetingDetailSchema
        .parse(changed.json())
        .themes.map((theme) => theme.id)
        .sort(),
    ).toEqual([one.id, two.id].sort());
    const audit = await db().auditLog.findFirstOrThrow({ where: { entityId: meeting.id, action: 'meeting.updated' } });
    expect(audit.data).toMatchObject({ fields: ['themeIds'] });
    const unknown = await send('PATCH', `/api/v1/meetings/${meeting.id}`, headers, {
      themeIds: [one.id, '00000000-0000-4000-8000-000000000000'],
    });
    expect(unknown.statusCode).toBe(400);
    expect(problemSchema.parse(unknown.json()).errors).toEqual([
      expect.objectContaining({ field: 'themeIds.1', code: 'unknown_theme' }),
    ]);
  });

  it('lists every meeting to the coordinator, drafts too, filtered by status; the public never sees a draft', async () => {
    const reader = bearer((await createApiKey(db(), ['meetings:read'])).key);
    const draft = await createMeeting(db(), { status: 'draft', title: 'Kladde' });
    const list = await app().inject({ url: '/api/v1/coordinator/meetings?status=draft&pageSize=100', headers: reader });
    expect(list.statusCode).toBe(200);
    expect(list.headers['cache-control']).toBe('no-store');
    const page = list.json() as { items: Array<{ id: string; status: string }> };
    expect(page.items.some((item) => item.id === draft.id)).toBe(true);
    expect(page.items.every((item) => item.status === 'draft')).toBe(true);
    const one = await app().inject({ url: `/api/v1/coordinator/meetings/${draft.slug}`, headers: reader });
    expect(meetingDetailSchema.parse(one.json()).id).toBe(draft.id);
    expect((await app().inject({ url: `/api/v1/coordinator/meetings/${draft.id}` })).statusCode).toBe(401);
    expect((await app().inject({ url: `/api/v1/meetings/${draft.id}` })).statusCode).toBe(404);
    const bad = await app().inject({ url: '/api/v1/coordinator/meetings?status=someday', headers: reader });
    expect(bad.statusCode).toBe(400);
  });
});

describe('slugFromTitle', () => {
  it('spells Danish letters out and keeps the address short and plain', () => {
    expect(slugFromTitle('Læselyst i praksis')).toBe('laeselyst-i-praksis');
    expect(slugFromTitle('Brugerrejser på Køge Bibliotek — 2027!')).toBe('brugerrejser-paa-koege-bibliotek-2027');
    expect(slugFromTitle('Café & Tænketank')).toBe('cafe-taenketank');
    expect(slugFromTitle('!!!')).toBe('moede');
    expect(slugFromTitle('a'.repeat(300))).toHaveLength(100);
  });
});
