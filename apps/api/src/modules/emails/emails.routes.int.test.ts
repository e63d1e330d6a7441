import { mailboxListSchema, mailboxMessageSchema } from '@bok/shared/emails';
import { problemSchema } from '@bok/shared/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMeeting, createRegistration, uniqueEmail } from '../../../test/factories';
import { parseCalendar } from '../../../test/ics';
import { buildTestApp } from '../../../test/test-app';
import { useTestDatabase } from '../../../test/test-database';
import { testConfig } from '../../lib/config';
import { enqueueRegistrationEmail } from './emails.outbox';

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
      await enqueueRegistrationEmail(tx, testConfig, {
        kind: 'registration_confirmed',
        registrationId: registration.id,
        dedupeKey: `a:${registration.id}`,
      });
      await enqueueRegistrationEmail(tx, testConfig, {
        kind: 'registration_confirmed',
        registrationId: other.id,
        dedupeKey: `a:${other.id}`,
      });
    });
    await db.$transaction((tx) =>
      enqueueRegistrationEmail(tx, testConfig, {
        kind: 'registration_manage_link',
        registrationId: registration.id,
        dedupeKey: `b:${registration.id}`,
      }),
    );

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
    expect(message.text).toContain(`/tilmelding/${registration.id}?token=`);
    expect(message.html).toContain('<html lang="en">');
    expect(message).toMatchObject({
      registrationId: registration.id,
      meetingId: meeting.id,
      attempts: 0,
      lastError: null,
    });
    expect(parseCalendar(message.ics!).method).toBe('REQUEST');
  });

  it('answers an unknown e-mail and a bad id with problem+json', async () => {
    const missing = await app.inject({ url: '/api/dev/mailbox/00000000-0000-4000-8000-000000000000' });
    expect(missing.statusCode).toBe(404);
    expect(problemSchema.parse(missing.json()).code).toBe('not_found');
    const bad = await app.inject({ url: '/api/dev/mailbox/not-an-id' });
    expect(bad.statusCode).toBe(400);
    expect(problemSchema.parse(bad.json()).errors?.[0]?.field).toBe('params.id');
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
