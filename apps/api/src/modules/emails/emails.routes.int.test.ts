import { mailboxListSchema, mailboxMessageSchema } from '@bok/shared/emails';
import { problemSchema } from '@bok/shared/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMeeting, createRegistration, uniqueEmail } from '../../../test/factories';
import { parseCalendar } from '../../../test/ics';
import { buildTestApp } from '../../../test/test-app';
import { useTestDatabase } from '../../../test/test-database';
import { readMigrations } from '../../db/migrate';
import { testConfig } from '../../lib/config';
import { manageTokenFor } from '../../lib/manage-token';
import { enqueueRegistrationEmails } from './emails.outbox';
import { MANAGE_URL_PLACEHOLDER } from './emails.templates';

const database = useTestDatabase();
let app: Awaited<ReturnType<typeof buildTestApp>>;

beforeAll(async () => {
  app = await buildTestApp(database().prisma, { config: { devMailbox: true } });
});
afterAll(async () => {
  await app?.close();
});

describe('the development mailbox', () => {
  it('lists e-mails newest first, filtered by recipient, and shows one in full', async () => {
    const db = database().prisma;
    const meeting = await createMeeting(db, { title: 'Postkassemøde' });
    const email = uniqueEmail('Postkasse');
    const registration = await createRegistration(db, meeting.id, { email, locale: 'en' });
    const other = await createRegistration(db, meeting.id);
    await db.$transaction(async (tx) => {
      await enqueueRegistrationEmails(tx, 'registration_confirmed', [
        { registrationId: registration.id, dedupeKey: `a:${registration.id}` },
        { registrationId: other.id, dedupeKey: `a:${other.id}` },
      ]);
    });
    await enqueueRegistrationEmails(db, 'registration_manage_link', [
      { registrationId: registration.id, dedupeKey: `b:${registration.id}` },
    ]);

    // Case-insensitive: people type their address as they like.
    const list = await app.inject({ url: `/api/dev/mailbox?to=${encodeURIComponent(email.toUpperCase())}` });
    expect(list.statusCode).toBe(200);
    const { items } = mailboxListSchema.parse(list.json());
    expect(items.map((item) => item.kind)).toEqual(['registration_manage_link', 'registration_confirmed']);
    expect(items[1]).toMatchObject({
      to: email,
      toName: 'Test Deltager',
      locale: 'en',
      status: 'pending',
      sentAt: null,
      hasCalendar: true,
    });
    expect(items[0]!.hasCalendar).toBe(false);

    const all = mailboxListSchema.parse((await app.inject({ url: '/api/dev/mailbox?limit=2' })).json());
    expect(all.items).toHaveLength(2);
    expect(all.items[0]!.id).toBe(items[0]!.id);

    const detail = await app.inject({ url: `/api/dev/mailbox/${items[1]!.id}` });
    expect(detail.statusCode).toBe(200);
    const message = mailboxMessageSchema.parse(detail.json());
    expect(message.subject).toBe('Registration confirmed: Postkassemøde');
    // The real link, though the outbox keeps only a placeholder for it.
    const token = manageTokenFor(testConfig.appSecret, registration.id);
    const manageLink = `${testConfig.publicUrl}/tilmelding/${registration.id}#token=${token}`;
    expect(message.text).toContain(manageLink);
    expect(message.html).toContain(`<a href="${manageLink}">`);
    expect(message.html).toContain('<html lang="en">');
    const stored = await db.outboxEmail.findUniqueOrThrow({ where: { id: message.id } });
    expect(stored.textBody).toContain(MANAGE_URL_PLACEHOLDER);
    expect(stored.textBody).not.toContain(token);
    expect(stored.htmlBody).not.toContain(token);
    expect(message).toMatchObject({
      registrationId: registration.id,
      meetingId: meeting.id,
      attempts: 0,
      lastError: null,
    });
    expect(parseCalendar(message.ics!).method).toBe('REQUEST');
  });

  it('writes a pending e-mail the first time it is shown, stores it, and shows the same text after', async () => {
    const db = database().prisma;
    const meeting = await createMeeting(db, { title: 'Visningsmøde', capacity: 1 });
    const registration = await createRegistration(db, meeting.id, { status: 'waitlisted', waitlistPosition: 4 });
    await enqueueRegistrationEmails(db, 'registration_waitlisted', [
      { registrationId: registration.id, dedupeKey: `w:${registration.id}` },
    ]);
    const pending = await db.outboxEmail.findUniqueOrThrow({ where: { dedupeKey: `w:${registration.id}` } });
    expect(pending).toMatchObject({ subject: null, textBody: null, renderedAt: null, status: 'pending' });
    expect(pending.payload).toEqual({ status: 'waitlisted', waitlistPosition: 4, hadSeat: false });

    // Since written, the meeting changed its title and the registrant moved up: the e-mail tells of its event.
    await db.registration.update({ where: { id: registration.id }, data: { waitlistPosition: 1 } });
    const first = mailboxMessageSchema.parse((await app.inject({ url: `/api/dev/mailbox/${pending.id}` })).json());
    expect(first.subject).toBe('Du er på ventelisten: Visningsmøde');
    expect(first.text).toContain('som nummer 4.');
    const stored = await db.outboxEmail.findUniqueOrThrow({ where: { id: pending.id } });
    expect(stored).toMatchObject({ subject: first.subject, status: 'pending' });
    // Stored with a placeholder where the shown text has the manage link.
    const manageLink = `${testConfig.publicUrl}/tilmelding/${registration.id}#token=${manageTokenFor(testConfig.appSecret, registration.id)}`;
    expect(stored.textBody!.replace(MANAGE_URL_PLACEHOLDER, manageLink)).toBe(first.text);
    expect(stored.renderedAt).not.toBeNull();

    // Rendered once: later reads (list or detail) show what was stored, though the meeting changed since.
    await db.meeting.update({ where: { id: meeting.id }, data: { title: 'Nyt navn' } });
    const again = mailboxMessageSchema.parse((await app.inject({ url: `/api/dev/mailbox/${pending.id}` })).json());
    expect(again).toEqual(first);
    const list = mailboxListSchema.parse(
      (await app.inject({ url: `/api/dev/mailbox?to=${encodeURIComponent(registration.email)}` })).json(),
    );
    expect(list.items.map((item) => item.subject)).toEqual(['Du er på ventelisten: Visningsmøde']);
    expect((await db.outboxEmail.findUniqueOrThrow({ where: { id: pending.id } })).renderedAt).toEqual(
      stored.renderedAt,
    );
  });

  it('writes pending e-mails when the list shows them', async () => {
    const db = database().prisma;
    const meeting = await createMeeting(db, { title: 'Listemøde' });
    const registration = await createRegistration(db, meeting.id);
    await enqueueRegistrationEmails(db, 'registration_confirmed', [
      { registrationId: registration.id, dedupeKey: `l:${registration.id}` },
    ]);
    const list = mailboxListSchema.parse(
      (await app.inject({ url: `/api/dev/mailbox?to=${encodeURIComponent(registration.email)}` })).json(),
    );
    expect(list.items).toEqual([
      expect.objectContaining({ subject: 'Tilmelding bekræftet: Listemøde', hasCalendar: true, status: 'pending' }),
    ]);
    const row = await db.outboxEmail.findUniqueOrThrow({ where: { dedupeKey: `l:${registration.id}` } });
    expect(row.renderedAt).not.toBeNull();
    expect(row.icsContent).toMatch(/^METHOD:REQUEST\r?$/m);
  });

  it('takes the tokens out of e-mails stored before (migration), and still shows their link', async () => {
    const db = database().prisma;
    const meeting = await createMeeting(db, { title: 'Gammelt møde' });
    const registration = await createRegistration(db, meeting.id);
    const token = manageTokenFor(testConfig.appSecret, registration.id);
    const oldLink = `http://old.example/tilmelding/${registration.id}?token=${token}`;
    const row = await db.outboxEmail.create({
      data: {
        kind: 'registration_confirmed',
        dedupeKey: `old:${registration.id}`,
        toAddress: registration.email,
        registrationId: registration.id,
        meetingId: meeting.id,
        subject: 'Tilmelding bekræftet: Gammelt møde',
        textBody: `Se, ret eller afmeld din tilmelding:\n${oldLink}\n\nVenlig hilsen`,
        htmlBody: `<p><a href="${oldLink}">Se, ret eller afmeld din tilmelding</a></p>`,
        renderedAt: new Date(),
        status: 'sent',
      },
    });

    const migration = readMigrations().find((file) => file.name.endsWith('_manage_links_out_of_outbox'));
    await database().pool.query(migration!.sql);

    const stored = await db.outboxEmail.findUniqueOrThrow({ where: { id: row.id } });
    expect(stored.textBody).toBe(`Se, ret eller afmeld din tilmelding:\n${MANAGE_URL_PLACEHOLDER}\n\nVenlig hilsen`);
    expect(stored.htmlBody).toBe(`<p><a href="${MANAGE_URL_PLACEHOLDER}">Se, ret eller afmeld din tilmelding</a></p>`);

    const message = mailboxMessageSchema.parse((await app.inject({ url: `/api/dev/mailbox/${row.id}` })).json());
    const manageLink = `${testConfig.publicUrl}/tilmelding/${registration.id}#token=${token}`;
    expect(message.text).toContain(`\n${manageLink}\n`);
    expect(message.html).toContain(`<a href="${manageLink}">`);
  });

  it('answers an unknown e-mail and a bad id with problem+json', async () => {
    const missing = await app.inject({ url: '/api/dev/mailbox/00000000-0000-4000-8000-000000000000' });
    expect(missing.statusCode).toBe(404);
    expect(problemSchema.parse(missing.json()).code).toBe('not_found');
    const bad = await app.inject({ url: '/api/dev/mailbox/not-an-id' });
    expect(bad.statusCode).toBe(400);
    expect(problemSchema.parse(bad.json()).errors?.[0]?.field).toBe('params.id');
  });

  it('refuses a NUL byte in the recipient filter with 400 naming it (PostgreSQL refuses it in text)', async () => {
    const response = await app.inject({ url: '/api/dev/mailbox?to=a%00b@test.example' });
    expect(response.statusCode).toBe(400);
    expect(problemSchema.parse(response.json()).errors).toEqual([
      expect.objectContaining({ field: 'query.to', message: 'control_characters' }),
    ]);
  });

  it('answers only requests plainly made on this machine: Host, Origin and proxy headers are checked', async () => {
    const open = (headers: Record<string, string>) => app.inject({ url: '/api/dev/mailbox?limit=1', headers });
    // The public address's host counts as this machine's too (testConfig: http://localhost:3000).
    for (const host of ['localhost:3000', 'localhost', '127.0.0.1:3400', '[::1]:3000', 'LOCALHOST:5173']) {
      expect((await open({ host })).statusCode, host).toBe(200);
    }
    expect((await open({ host: 'localhost:3000', origin: 'http://localhost:5173' })).statusCode).toBe(200);
    const refused: Array<Record<string, string>> = [
      // DNS rebinding: a page on another site whose name now points at 127.0.0.1.
      { host: 'evil.example:3000' },
      { host: 'evil.example' },
      { host: '192.168.1.20:3000' },
      { host: 'localhost.evil.example' },
      { host: 'localhost:3000', origin: 'http://evil.example:3000' },
      { host: 'localhost:3000', origin: 'null' },
      // A reverse proxy on this host: the socket is loopback, the client is not.
      { host: 'localhost:3000', 'x-forwarded-for': '203.0.113.7' },
      { host: 'localhost:3000', forwarded: 'for=203.0.113.7' },
      { host: 'localhost:3000', 'x-real-ip': '203.0.113.7' },
    ];
    for (const headers of refused) {
      const response = await open(headers);
      expect(response.statusCode, JSON.stringify(headers)).toBe(404);
      expect(problemSchema.parse(response.json()).code).toBe('not_found');
    }
  });

  it('takes the public address as this machine, and lets every client in when opened on purpose', async () => {
    const lan = await buildTestApp(database().prisma, {
      config: { devMailbox: true, publicUrl: 'http://bok-demo.lan:3000' },
    });
    const open = await buildTestApp(database().prisma, { config: { devMailbox: true, devMailboxFromAnywhere: true } });
    try {
      expect((await lan.inject({ url: '/api/dev/mailbox', headers: { host: 'bok-demo.lan:3000' } })).statusCode).toBe(
        200,
      );
      expect((await lan.inject({ url: '/api/dev/mailbox', headers: { host: 'evil.example' } })).statusCode).toBe(404);
      const remote = await open.inject({
        url: '/api/dev/mailbox',
        remoteAddress: '192.168.1.30',
        headers: { host: 'bok-demo.lan:3000', 'x-forwarded-for': '203.0.113.7' },
      });
      expect(remote.statusCode).toBe(200);
    } finally {
      await lan.close();
      await open.close();
    }
  });

  it('does not exist when e-mail goes out over SMTP (or in production)', async () => {
    const withSmtp = await buildTestApp(database().prisma, { config: { devMailbox: false } });
    try {
      for (const url of ['/api/dev/mailbox', '/api/dev/mailbox/00000000-0000-4000-8000-000000000000']) {
        const response = await withSmtp.inject({ url });
        expect(response.statusCode).toBe(404);
        expect(problemSchema.parse(response.json()).code).toBe('not_found');
      }
    } finally {
      await withSmtp.close();
    }
  });
});
