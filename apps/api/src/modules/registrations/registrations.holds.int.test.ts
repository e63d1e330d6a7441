// Review finding 11: anyone could take every seat with made-up addresses and make us e-mail any
// address a text of their choosing. A meeting may now hold a place only until the registrant
// confirms from the e-mail (the hold ends unconfirmed and the place goes on, in order), and cap
// the seats one library may take. The default stays friction-free.
import { problemSchema } from '@bok/shared/errors';
import { meetingDetailSchema } from '@bok/shared/meetings';
import { registrationCreatedSchema, registrationSchema } from '@bok/shared/registrations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLibrary, createMeeting, uniqueEmail } from '../../../test/factories';
import { buildTestApp } from '../../../test/test-app';
import { useTestDatabase } from '../../../test/test-database';
import { testConfig } from '../../lib/config';
import { manageTokenFor } from '../../lib/manage-token';
import { enqueueMeetingEmails } from '../emails/emails.outbox';
import { releaseAllExpiredHolds } from './registrations.waitlist';

const MINUTE = 60_000;
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

async function register(meetingId: string, payload: object = person()) {
  const response = await app.inject({ method: 'POST', url: `/api/v1/meetings/${meetingId}/registrations`, payload });
  return { response, body: response.statusCode < 300 ? registrationCreatedSchema.parse(response.json()) : null };
}

async function registered(meetingId: string, payload: object = person()) {
  const { response, body } = await register(meetingId, payload);
  expect(response.statusCode).toBe(201);
  return { ...body!, id: body!.id! };
}

function confirm(id: string) {
  return app.inject({
    method: 'POST',
    url: `/api/v1/registrations/${id}/confirm`,
    headers: { 'x-registration-token': tokenFor(id) },
  });
}

const emailKindsOf = async (registrationId: string) =>
  (await db().outboxEmail.findMany({ where: { registrationId }, orderBy: { createdAt: 'asc' } })).map(
    (row) => row.kind,
  );

/** Ends the holds of these registrations as if their time had run out. */
const runOut = (ids: string[]) =>
  db().registration.updateMany({ where: { id: { in: ids } }, data: { holdExpiresAt: new Date(Date.now() - MINUTE) } });

const statusesOf = async (meetingId: string) =>
  Object.fromEntries(
    (
      await db().registration.findMany({
        where: { meetingId },
        select: { id: true, status: true, waitlistPosition: true },
      })
    ).map((row) => [row.id, `${row.status}${row.waitlistPosition ? `#${row.waitlistPosition}` : ''}`]),
  );

describe('a meeting that holds places until they are confirmed from the e-mail', () => {
  it('holds the seat, e-mails only a request to confirm that carries nothing typed, and seats on confirmation', async () => {
    const meeting = await createMeeting(db(), { capacity: 5, confirmationRequired: true, holdMinutes: 30 });
    const before = Date.now();
    const created = await registered(meeting.id, person({ name: 'Køb billig medicin på spam.example' }));

    expect(created.status).toBe('confirmed');
    const confirmBy = Date.parse(created.confirmBy!);
    expect(confirmBy).toBeGreaterThanOrEqual(before + 30 * MINUTE);
    expect(confirmBy).toBeLessThanOrEqual(Date.now() + 30 * MINUTE);
    // The seat is held: the public page counts it.
    const seats = meetingDetailSchema.parse((await app.inject({ url: `/api/v1/meetings/${meeting.id}` })).json()).seats;
    expect(seats).toMatchObject({ confirmed: 1, available: 4 });

    const [request] = await db().outboxEmail.findMany({ where: { registrationId: created.id } });
    expect(request).toMatchObject({ kind: 'registration_confirm_request', toName: null });
    expect(request!.payload).toMatchObject({ status: 'confirmed', hadSeat: false, confirmBy: created.confirmBy });

    const manageView = registrationSchema.parse(
      (
        await app.inject({
          url: `/api/v1/registrations/${created.id}`,
          headers: { 'x-registration-token': tokenFor(created.id) },
        })
      ).json(),
    );
    expect(manageView).toMatchObject({ status: 'confirmed', holdExpiresAt: created.confirmBy, emailConfirmedAt: null });

    const confirmed = await confirm(created.id);
    expect(confirmed.statusCode).toBe(200);
    const view = registrationSchema.parse(confirmed.json());
    expect(view.holdExpiresAt).toBeNull();
    expect(view.emailConfirmedAt).not.toBeNull();
    expect(await emailKindsOf(created.id)).toEqual(['registration_confirm_request', 'registration_confirmed']);

    // Again: nothing changes, nothing more is sent.
    const again = await confirm(created.id);
    expect(again.statusCode).toBe(200);
    expect(registrationSchema.parse(again.json()).emailConfirmedAt).toBe(view.emailConfirmedAt);
    expect(await emailKindsOf(created.id)).toEqual(['registration_confirm_request', 'registration_confirmed']);

    const audit = await db().auditLog.findMany({ where: { entityId: created.id }, orderBy: { at: 'asc' } });
    expect(audit.map((entry) => entry.action)).toEqual(['registration.created', 'registration.email_confirmed']);
  });

  it('passes ended holds on in order: the seat to the first on the waitlist, the waitlist closing up', async () => {
    const meeting = await createMeeting(db(), { capacity: 2, confirmationRequired: true });
    const [a, b, c, d] = [
      await registered(meeting.id),
      await registered(meeting.id),
      await registered(meeting.id),
      await registered(meeting.id),
    ];
    expect([a!.status, b!.status, c!.waitlistPosition, d!.waitlistPosition]).toEqual(['confirmed', 'confirmed', 1, 2]);
    expect((await confirm(a!.id)).statusCode).toBe(200);
    expect((await confirm(d!.id)).statusCode).toBe(200);

    // b never confirms; c (unconfirmed, first on the waitlist) gets the seat, d moves up.
    await runOut([b!.id]);
    const sweep = await releaseAllExpiredHolds(db(), new Date());
    expect(sweep.meetings).toContain(meeting.id);
    expect(await statusesOf(meeting.id)).toEqual({
      [a!.id]: 'confirmed',
      [b!.id]: 'cancelled',
      [c!.id]: 'confirmed',
      [d!.id]: 'waitlisted#1',
    });
    // Nothing to the address that never confirmed; nothing to c until c confirms.
    expect(await emailKindsOf(b!.id)).toEqual(['registration_confirm_request']);
    expect(await emailKindsOf(c!.id)).toEqual(['registration_confirm_request']);
    const expired = await db().auditLog.findFirst({ where: { entityId: b!.id, action: 'registration.hold_expired' } });
    expect(expired?.data).toMatchObject({ meetingId: meeting.id, previousStatus: 'confirmed' });

    // c confirms the seat it now holds: the confirmation with the invitation.
    expect(registrationSchema.parse((await confirm(c!.id)).json())).toMatchObject({ status: 'confirmed' });
    expect(await emailKindsOf(c!.id)).toEqual(['registration_confirm_request', 'registration_confirmed']);

    // b's link now says the hold has ended.
    const late = await confirm(b!.id);
    expect(late.statusCode).toBe(409);
    expect(problemSchema.parse(late.json()).code).toBe('hold_expired');
  });

  it('passes an ended hold on before placing a newcomer, without waiting for the sweep', async () => {
    const meeting = await createMeeting(db(), { capacity: 1, confirmationRequired: true });
    const held = await registered(meeting.id);
    const waiting = await registered(meeting.id);
    await runOut([held.id]);
    const newcomer = await registered(meeting.id);
    expect(newcomer).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
    expect(await statusesOf(meeting.id)).toEqual({
      [held.id]: 'cancelled',
      [waiting.id]: 'confirmed',
      [newcomer.id]: 'waitlisted#1',
    });
  });

  it('answers a second submission of a held address with the request to confirm again, at most once per window', async () => {
    const meeting = await createMeeting(db(), { confirmationRequired: true });
    const payload = person();
    const first = await registered(meeting.id, payload);
    const again = await register(meeting.id, { ...payload, email: payload.email.toUpperCase() });
    expect(again.response.statusCode).toBe(202);
    expect(again.body).toEqual({ id: null, status: 'already_registered', waitlistPosition: null, confirmBy: null });
    await register(meeting.id, payload);
    // The first request and the one after it are in the same window: one e-mail.
    expect(await emailKindsOf(first.id)).toEqual(['registration_confirm_request']);
    const actions = await db().auditLog.findMany({ where: { entityId: first.id }, select: { action: true } });
    expect(actions.map((entry) => entry.action)).toContain('registration.confirm_request_resent');
  });

  it('leaves unconfirmed holds out of meeting-wide e-mails and reminders', async () => {
    const meeting = await createMeeting(db(), { confirmationRequired: true });
    const confirmedOne = await registered(meeting.id);
    await confirm(confirmedOne.id);
    const unconfirmed = await registered(meeting.id);
    await db().$transaction((tx) =>
      enqueueMeetingEmails(tx, {
        kind: 'meeting_changed',
        meetingId: meeting.id,
        dedupeKeyPrefix: `changed:${meeting.id}`,
      }),
    );
    expect(await emailKindsOf(confirmedOne.id)).toContain('meeting_changed');
    expect(await emailKindsOf(unconfirmed.id)).not.toContain('meeting_changed');
  });

  it('stays friction-free by default: a seat at once, the confirmation with its invitation', async () => {
    const meeting = await createMeeting(db());
    const created = await registered(meeting.id);
    expect(created).toMatchObject({ status: 'confirmed', confirmBy: null });
    expect(await emailKindsOf(created.id)).toEqual(['registration_confirmed']);
    const detail = meetingDetailSchema.parse((await app.inject({ url: `/api/v1/meetings/${meeting.id}` })).json());
    expect(detail.registrationRules).toEqual({ confirmationRequired: false, holdMinutes: 60, seatsPerLibrary: null });
  });
});

describe('a cap of seats per library', () => {
  it('seats a library up to its cap, waitlists the rest, and counts a free-text library by its name', async () => {
    const library = await createLibrary(db(), { name: `Greve Bibliotek ${uniqueEmail('x')}` });
    const meeting = await createMeeting(db(), { capacity: 10, seatsPerLibrary: 2 });
    const greve1 = await registered(meeting.id, person({ libraryName: undefined, libraryId: library.id }));
    const greve2 = await registered(meeting.id, person({ libraryName: undefined, libraryId: library.id }));
    const greve3 = await registered(meeting.id, person({ libraryName: undefined, libraryId: library.id }));
    const solrod1 = await registered(meeting.id, person({ libraryName: 'Solrød Bibliotek' }));
    const solrod2 = await registered(meeting.id, person({ libraryName: '  solrød   BIBLIOTEK ' }));
    const solrod3 = await registered(meeting.id, person({ libraryName: 'Solrød bibliotek' }));
    const other = await registered(meeting.id, person({ libraryName: 'Stevns Bibliotekerne' }));
    expect(
      [greve1, greve2, greve3, solrod1, solrod2, solrod3, other].map(
        (row) => `${row.status}${row.waitlistPosition ?? ''}`,
      ),
    ).toEqual(['confirmed', 'confirmed', 'waitlisted1', 'confirmed', 'confirmed', 'waitlisted2', 'confirmed']);

    // A Solrød seat frees: Greve (first on the waitlist) is passed over, Solrød's own waiting one gets it.
    const cancelled = await app.inject({
      method: 'DELETE',
      url: `/api/v1/registrations/${solrod1.id}`,
      headers: { 'x-registration-token': tokenFor(solrod1.id) },
    });
    expect(cancelled.statusCode).toBe(204);
    const after = await statusesOf(meeting.id);
    expect(after[solrod3.id]).toBe('confirmed');
    expect(after[greve3.id]).toBe('waitlisted#1');
  });

  it('refuses with library_full when the library has its seats and there is no waitlist', async () => {
    const meeting = await createMeeting(db(), { capacity: 10, seatsPerLibrary: 1, waitlistEnabled: false });
    await registered(meeting.id, person({ libraryName: 'Faxe Bibliotek' }));
    const { response } = await register(meeting.id, person({ libraryName: 'faxe bibliotek' }));
    expect(response.statusCode).toBe(409);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(problemSchema.parse(response.json()).code).toBe('library_full');
    expect(await db().registration.count({ where: { meetingId: meeting.id } })).toBe(1);
  });

  it('never overbooks a seat or a library under a burst of registrations held for confirmation', async () => {
    const capacity = 15;
    const cap = 4;
    const meeting = await createMeeting(db(), { capacity, seatsPerLibrary: cap, confirmationRequired: true });
    const libraries = ['Roskilde', 'Lejre', 'Køge', 'Greve', 'Ishøj'];
    const answers = await Promise.all(
      Array.from({ length: 80 }, (_, index) =>
        register(meeting.id, person({ libraryName: `${libraries[index % libraries.length]} Bibliotek` })),
      ),
    );
    expect(answers.map((answer) => answer.response.statusCode).every((status) => status === 201)).toBe(true);
    const rows = await db().registration.findMany({ where: { meetingId: meeting.id } });
    const seated = rows.filter((row) => row.status === 'confirmed');
    expect(seated).toHaveLength(capacity);
    const perLibrary = new Map<string, number>();
    for (const row of seated) perLibrary.set(row.libraryName!, (perLibrary.get(row.libraryName!) ?? 0) + 1);
    expect(Math.max(...perLibrary.values())).toBeLessThanOrEqual(cap);
    const positions = rows
      .filter((row) => row.status === 'waitlisted')
      .map((row) => row.waitlistPosition)
      .sort((x, y) => x! - y!);
    expect(positions).toEqual(Array.from({ length: 80 - capacity }, (_, index) => index + 1));
    expect(rows.every((row) => row.holdExpiresAt !== null)).toBe(true);
  });
});
