import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmailWorker, waitUntilNothingInHand } from '../../../test/email-worker';
import { createLibrary, createMeeting, createRegistration, uniqueEmail } from '../../../test/factories';
import { parseCalendar } from '../../../test/ics';
import { calendarOf, type SmtpReceiver, startSmtpReceiver } from '../../../test/smtp-receiver';
import { useTestDatabase } from '../../../test/test-database';
import type { OutboxEmail } from '../../generated/prisma/client';
import type { EmailKind, Locale } from '../../generated/prisma/enums';
import { testConfig } from '../../lib/config';
import { manageTokenFor } from '../../lib/manage-token';
import { meetingUid } from '../calendar/calendar.ics';
import { messageIdFor } from './emails.delivery';
import { enqueueMeetingEmails, enqueueRegistrationEmails } from './emails.outbox';
import { enqueueDueReminders, reminderDedupeKey } from './emails.reminders';
import { MANAGE_URL_PLACEHOLDER, type RegistrationEmailKind } from './emails.templates';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const database = useTestDatabase();
let receiver: SmtpReceiver;
let worker: Awaited<ReturnType<typeof startTestEmailWorker>>;

beforeAll(async () => {
  receiver = await startSmtpReceiver();
  worker = await startTestEmailWorker(database(), { smtpUrl: receiver.url });
});
afterAll(async () => {
  await worker?.stop();
  await receiver?.close();
});

const toAddress = (mail: ParsedMail) => (Array.isArray(mail.to) ? mail.to[0] : mail.to)?.value[0]?.address;
const mailsTo = (address: string) => receiver.received.filter((mail) => toAddress(mail) === address);
const waitForMailTo = async (address: string, count = 1) => {
  await receiver.waitFor(() => mailsTo(address).length >= count);
  return mailsTo(address);
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type OutboxWhere = { id: string } | { dedupeKey: string } | { registrationId: string };

/** The row once `test` holds for it (the SMTP answer arrives a moment before the bookkeeping). */
async function outboxRowOnce(where: OutboxWhere, test: (row: OutboxEmail) => boolean, what: string) {
  const db = database().prisma;
  for (let i = 0; i < 200; i++) {
    const row = await db.outboxEmail.findFirstOrThrow({ where });
    if (test(row)) return row;
    await sleep(100);
  }
  throw new Error(`outbox e-mail ${JSON.stringify(where)} never became ${what}`);
}

const outboxRowWhen = (where: OutboxWhere, status: string) =>
  outboxRowOnce(where, (row) => row.status === status, status);

function enqueue(kind: EmailKind, registrationId: string, dedupeKey = `${kind}:${registrationId}`) {
  return enqueueRegistrationEmails(database().prisma, kind, [{ registrationId, dedupeKey }]);
}

/** A summer meeting (09:00–13:00 Copenhagen is 07:00–11:00 UTC) at a library, with an agenda. */
async function meetingWithVenue(overrides: Parameters<typeof createMeeting>[1] = {}) {
  const db = database().prisma;
  const library = await createLibrary(db, {
    name: `Roskilde Bibliotek ${uniqueEmail('x')}`,
    street: 'Dronning Margrethes Vej 14',
    postalCode: '4000',
    city: 'Roskilde',
  });
  const startsAt = new Date('2030-06-14T07:00:00Z');
  return createMeeting(
    db,
    {
      venueLibraryId: library.id,
      venueRoom: 'Salen',
      startsAt,
      endsAt: new Date('2030-06-14T11:00:00Z'),
      sequence: 2,
      title: 'Læselyst i praksis',
      ...overrides,
    },
    {
      agenda: [
        { position: 1, title: 'Velkomst', kind: 'welcome', startsAt, endsAt: new Date(startsAt.getTime() + HOUR) },
      ],
    },
  );
}

// Coordinators' e-mails have their own test (modules/auth/auth.password-reset.int.test.ts), and so
// do the coordinator's messages (modules/messages/messages.int.test.ts).
type EventEmailKind = Exclude<RegistrationEmailKind, 'meeting_message'>;
const expected: Record<
  EventEmailKind,
  { subject: Record<Locale, string>; method: string | null; manageLink: boolean }
> = {
  registration_confirmed: {
    subject: { da: 'Tilmelding bekræftet', en: 'Registration confirmed' },
    method: 'REQUEST',
    manageLink: true,
  },
  registration_waitlisted: {
    subject: { da: 'Du er på ventelisten', en: 'You are on the waiting list' },
    method: null,
    manageLink: true,
  },
  registration_promoted: {
    subject: { da: 'Du har fået en plads', en: 'You have a seat' },
    method: 'REQUEST',
    manageLink: true,
  },
  registration_cancelled: {
    subject: { da: 'Tilmelding afmeldt', en: 'Registration cancelled' },
    method: 'CANCEL',
    manageLink: false,
  },
  registration_manage_link: {
    subject: { da: 'Din tilmelding', en: 'Your registration' },
    method: null,
    manageLink: true,
  },
  registration_confirm_request: {
    subject: { da: 'Bekræft din tilmelding', en: 'Confirm your registration' },
    method: null,
    manageLink: true,
  },
  meeting_reminder: { subject: { da: 'Påmindelse', en: 'Reminder' }, method: null, manageLink: true },
  meeting_changed: { subject: { da: 'Ændret', en: 'Changed' }, method: 'REQUEST', manageLink: true },
  meeting_cancelled: { subject: { da: 'Aflyst', en: 'Cancelled' }, method: 'CANCEL', manageLink: false },
};

describe('e-mail delivery over SMTP', () => {
  it('delivers every kind in Danish and English, with a valid calendar where one belongs', async () => {
    const db = database().prisma;
    const cases: Array<{
      kind: EventEmailKind;
      locale: Locale;
      email: string;
      registrationId: string;
      meetingId: string;
    }> = [];
    for (const locale of ['da', 'en'] as const) {
      for (const kind of Object.keys(expected) as EventEmailKind[]) {
        const meeting = await meetingWithVenue(
          kind === 'meeting_cancelled'
            ? { status: 'cancelled', cancellationReason: 'Underviseren er blevet syg.' }
            : {},
        );
        const registration = await createRegistration(db, meeting.id, {
          locale,
          name: 'Ane Æblerød',
          ...(kind === 'registration_waitlisted' ? { status: 'waitlisted', waitlistPosition: 2 } : {}),
          // Promoted once, so their calendar has the meeting and the cancellation must remove it.
          ...(kind === 'registration_cancelled'
            ? { status: 'cancelled', cancelledAt: new Date(), promotedAt: new Date() }
            : {}),
        });
        await enqueue(kind, registration.id);
        cases.push({ kind, locale, email: registration.email, registrationId: registration.id, meetingId: meeting.id });
      }
    }

    for (const { kind, locale, email, registrationId, meetingId } of cases) {
      const [mail] = await waitForMailTo(email);
      const want = expected[kind];
      const row = await outboxRowWhen({ dedupeKey: `${kind}:${registrationId}` }, 'sent');
      const context = `${kind}/${locale}`;

      expect(mail!.subject, context).toContain(want.subject[locale]);
      expect(mail!.subject, context).toContain('Læselyst i praksis');
      expect(mail!.messageId, context).toBe(messageIdFor(row.id));
      expect(mail!.headers.get('x-bok-email-kind'), context).toBe(kind);
      if (kind === 'registration_confirm_request') {
        // To an address nobody has vouched for: nothing the registrant typed, not even the name.
        expect(mail!.text, context).not.toContain('Æblerød');
        expect(mail!.headers.get('to'), context).not.toMatchObject({ text: expect.stringContaining('Æblerød') });
      } else {
        expect(mail!.text, context).toContain(locale === 'da' ? 'Kære Ane Æblerød' : 'Dear Ane Æblerød');
      }
      // Copenhagen wall-clock time, in each language's own notation.
      expect(mail!.text, context).toContain(
        locale === 'da' ? 'fredag den 14. juni 2030, 09.00–13.00' : 'Friday, 14 June 2030, 09:00–13:00',
      );
      expect(mail!.text, context).toContain('Roskilde Bibliotek');
      expect(mail!.text, context).toContain('Dronning Margrethes Vej 14, 4000 Roskilde');
      const token = manageTokenFor(testConfig.appSecret, registrationId);
      const manageLink = `${testConfig.publicUrl}/tilmelding/${registrationId}#token=${token}`;
      expect(mail!.text?.includes(manageLink), context).toBe(want.manageLink);
      expect(mail!.html || '', context).toContain(`<html lang="${locale}">`);
      expect((mail!.html || '').includes(`<a href="${manageLink}">`), context).toBe(want.manageLink);
      // What the outbox keeps of it: the text without the token, which is a password.
      expect(row.textBody, context).not.toContain(token);
      expect(row.htmlBody, context).not.toContain(token);
      expect(row.textBody!.includes(MANAGE_URL_PLACEHOLDER), context).toBe(want.manageLink);
      if (kind === 'registration_waitlisted')
        expect(mail!.text, context).toMatch(locale === 'da' ? /nummer 2\b/ : /number 2\b/);
      if (kind === 'meeting_cancelled') expect(mail!.text, context).toContain('Underviseren er blevet syg.');

      const ics = calendarOf(mail!);
      if (!want.method) {
        expect(ics, context).toBeUndefined();
      } else {
        expect(ics, context).toBeDefined();
        const calendar = parseCalendar(ics!);
        expect(calendar.method, context).toBe(want.method);
        expect(calendar.timezoneIds, context).toEqual(['Europe/Copenhagen']);
        expect(calendar.events, context).toHaveLength(1);
        const event = calendar.events[0]!;
        expect(event.uid).toBe(meetingUid(meetingId));
        expect(event.sequence).toBe(2);
        expect(event.startZone).toBe('Europe/Copenhagen');
        expect(event.startLocal).toBe('2030-06-14T09:00:00');
        expect(event.start.toISOString()).toBe('2030-06-14T07:00:00.000Z');
        expect(event.end.toISOString()).toBe('2030-06-14T11:00:00.000Z');
        expect(event.status).toBe(want.method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED');
        expect(event.attendees.map((value) => value.toLowerCase())).toEqual([`mailto:${email}`]);
        expect(event.organizer).toMatch(/^mailto:/i);
        expect(event.location).toContain('Roskilde Bibliotek');
        expect(event.description).toContain('Velkomst');
      }

      expect(row.status).toBe('sent');
      expect(row.sentAt).not.toBeNull();
      expect(row.messageId).toBe(messageIdFor(row.id));
      expect(row.attempts).toBe(1);
    }
  });

  it('writes an e-mail from the facts of its event: a waitlist place is the one they had, though promoted since', async () => {
    const db = database().prisma;
    const meeting = await meetingWithVenue();
    const registration = await createRegistration(db, meeting.id, { status: 'waitlisted', waitlistPosition: 3 });
    const dedupeKey = `waitlisted:${registration.id}`;
    // Promoted in the transaction that wrote the e-mail: by the time the worker sees the e-mail, the seat is theirs.
    await db.$transaction(async (tx) => {
      await enqueueRegistrationEmails(tx, 'registration_waitlisted', [{ registrationId: registration.id, dedupeKey }]);
      await tx.registration.update({
        where: { id: registration.id },
        data: { status: 'confirmed', waitlistPosition: null, promotedAt: new Date() },
      });
    });
    const enqueued = await db.outboxEmail.findUniqueOrThrow({ where: { dedupeKey } });
    expect(enqueued.payload).toEqual({ status: 'waitlisted', waitlistPosition: 3, hadSeat: false });

    const [mail] = await waitForMailTo(registration.email);
    expect(mail!.subject).toBe('Du er på ventelisten: Læselyst i praksis');
    expect(mail!.text).toMatch(/som nummer 3\b/);
    expect(calendarOf(mail!)).toBeUndefined();
    // The row keeps what was sent.
    const sent = await outboxRowWhen({ id: enqueued.id }, 'sent');
    expect(sent.subject).toBe(mail!.subject);
    expect(sent.textBody).toMatch(/som nummer 3\b/);
    expect(sent.renderedAt!.getTime()).toBeLessThanOrEqual(sent.sentAt!.getTime());
  });

  it('writes one e-mail per dedupe key, and delivers it once', async () => {
    const db = database().prisma;
    const meeting = await meetingWithVenue();
    const registration = await createRegistration(db, meeting.id);
    await enqueue('registration_confirmed', registration.id, `confirmed:${registration.id}`);
    await enqueue('registration_confirmed', registration.id, `confirmed:${registration.id}`);
    // And within one transaction, and within one statement: a repeat must neither duplicate nor abort it.
    const item = { registrationId: registration.id, dedupeKey: `confirmed:${registration.id}` };
    await db.$transaction(async (tx) => {
      for (let i = 0; i < 2; i++) expect(await enqueueRegistrationEmails(tx, 'registration_confirmed', [item])).toBe(0);
      expect(await enqueueRegistrationEmails(tx, 'registration_confirmed', [item, item])).toBe(0);
    });
    const other = await createRegistration(db, meeting.id);
    const twice = { registrationId: other.id, dedupeKey: `confirmed:${other.id}` };
    expect(await enqueueRegistrationEmails(db, 'registration_confirmed', [twice, twice])).toBe(1);

    expect(await db.outboxEmail.count({ where: { registrationId: { in: [registration.id, other.id] } } })).toBe(2);
    await waitForMailTo(registration.email);
    await waitForMailTo(other.email);
    await waitUntilNothingInHand(worker);
    expect(mailsTo(registration.email)).toHaveLength(1);
    expect(mailsTo(other.email)).toHaveLength(1);
  });

  it('tells every active registrant of a changed meeting once, with a calendar update only for seat holders', async () => {
    const db = database().prisma;
    const meeting = await meetingWithVenue({ sequence: 5 });
    const confirmed = await createRegistration(db, meeting.id, { locale: 'en' });
    const waitlisted = await createRegistration(db, meeting.id, { status: 'waitlisted', waitlistPosition: 1 });
    const cancelled = await createRegistration(db, meeting.id, { status: 'cancelled', cancelledAt: new Date() });
    const prefix = `meeting-changed:${meeting.id}:5`;

    const run = () =>
      db.$transaction((tx) =>
        enqueueMeetingEmails(tx, {
          kind: 'meeting_changed',
          meetingId: meeting.id,
          dedupeKeyPrefix: prefix,
        }),
      );
    expect(await run()).toBe(2);
    expect(await run()).toBe(2); // considered again, written nothing
    const rows = await db.outboxEmail.findMany({ where: { meetingId: meeting.id } });
    expect(rows.map((row) => row.dedupeKey).sort()).toEqual(
      [`${prefix}:${confirmed.id}`, `${prefix}:${waitlisted.id}`].sort(),
    );

    const [toConfirmed] = await waitForMailTo(confirmed.email);
    const [toWaitlisted] = await waitForMailTo(waitlisted.email);
    expect(toConfirmed!.subject).toBe('Changed: Læselyst i praksis');
    expect(parseCalendar(calendarOf(toConfirmed!)!).events[0]!.sequence).toBe(5);
    expect(toWaitlisted!.subject).toBe('Ændret: Læselyst i praksis');
    expect(calendarOf(toWaitlisted!)).toBeUndefined();
    expect(mailsTo(cancelled.email)).toHaveLength(0);
  });

  it('sends a calendar cancellation only to someone whose calendar has the meeting', async () => {
    const db = database().prisma;
    const meeting = await meetingWithVenue();
    const wasConfirmed = await createRegistration(db, meeting.id);
    await enqueue('registration_confirmed', wasConfirmed.id);
    const wasWaitlisted = await createRegistration(db, meeting.id, { status: 'waitlisted', waitlistPosition: 1 });
    for (const registration of [wasConfirmed, wasWaitlisted]) {
      await db.registration.update({
        where: { id: registration.id },
        data: { status: 'cancelled', waitlistPosition: null, cancelledAt: new Date() },
      });
      await enqueue('registration_cancelled', registration.id);
    }
    const cancellation = (registrationId: string) =>
      outboxRowWhen({ dedupeKey: `registration_cancelled:${registrationId}` }, 'sent');
    expect((await cancellation(wasConfirmed.id)).icsContent).toMatch(/^METHOD:CANCEL\r?$/m);
    expect((await cancellation(wasWaitlisted.id)).icsContent).toBeNull();
    const cancelled = (await waitForMailTo(wasConfirmed.email, 2)).find(
      (mail) => mail.headers.get('x-bok-email-kind') === 'registration_cancelled',
    );
    expect(parseCalendar(calendarOf(cancelled!)!).method).toBe('CANCEL');
    expect(calendarOf((await waitForMailTo(wasWaitlisted.email))[0]!)).toBeUndefined();
  });

  it('retries a temporary SMTP rejection with backoff and delivers once, the same message as first written', async () => {
    const db = database().prisma;
    const meeting = await meetingWithVenue();
    const registration = await createRegistration(db, meeting.id);
    const attemptsBefore = receiver.attempts;
    receiver.script({ reject: 451 });
    await enqueue('registration_confirmed', registration.id);

    // Written before the first attempt and kept: a change to the meeting before the retry is not in it.
    const afterFirstAttempt = await outboxRowOnce(
      { registrationId: registration.id },
      (row) => row.status === 'pending' && row.attempts === 1,
      'pending after one attempt',
    );
    expect(afterFirstAttempt).toMatchObject({ attempts: 1, subject: 'Tilmelding bekræftet: Læselyst i praksis' });
    expect(afterFirstAttempt.renderedAt).not.toBeNull();
    await db.meeting.update({ where: { id: meeting.id }, data: { title: 'Et andet navn' } });

    const [mail] = await waitForMailTo(registration.email);
    expect(mail!.subject).toBe('Tilmelding bekræftet: Læselyst i praksis');
    const row = await outboxRowWhen({ registrationId: registration.id }, 'sent');
    expect(row).toMatchObject({
      attempts: 2,
      lastError: null,
      subject: mail!.subject,
      textBody: afterFirstAttempt.textBody,
    });
    expect(row.renderedAt).toEqual(afterFirstAttempt.renderedAt);
    expect(receiver.attempts - attemptsBefore).toBe(2);
    // pg-boss's backoff: the retry waits at least retryDelay (1 s in tests).
    expect(row.sentAt!.getTime() - row.createdAt.getTime()).toBeGreaterThanOrEqual(1000);
    expect(worker.logger.entries.some((entry) => entry.level === 'warn' && entry.message?.includes('will retry'))).toBe(
      true,
    );
    await waitUntilNothingInHand(worker);
    expect(mailsTo(registration.email)).toHaveLength(1);
  });

  it('gives up at once on a permanent rejection, and delivers when put back to pending by hand', async () => {
    const db = database().prisma;
    const meeting = await meetingWithVenue();
    const registration = await createRegistration(db, meeting.id);
    receiver.script({ reject: 550 });
    await enqueue('registration_confirmed', registration.id);

    const row = await outboxRowWhen({ registrationId: registration.id }, 'failed');
    expect(row.attempts).toBe(1);
    expect(row.lastError).toContain('550');
    // Nothing in hand: no retry is scheduled, so none will come.
    await waitUntilNothingInHand(worker);
    expect((await db.outboxEmail.findUniqueOrThrow({ where: { id: row.id } })).attempts).toBe(1);

    // A coordinator's "try again": the finished job is replaced by a fresh one.
    await db.outboxEmail.update({ where: { id: row.id }, data: { status: 'pending' } });
    await waitForMailTo(registration.email);
    expect((await outboxRowWhen({ id: row.id }, 'sent')).attempts).toBe(2);
  });

  it('delivers an outbox e-mail that never had a job (written, then the process died)', async () => {
    const db = database().prisma;
    const to = uniqueEmail('orphan');
    await db.outboxEmail.create({
      data: {
        kind: 'registration_manage_link',
        dedupeKey: `orphan:${to}`,
        toAddress: to,
        subject: 'Orphan',
        textBody: 'Hello',
        renderedAt: new Date(Date.now() - HOUR),
        createdAt: new Date(Date.now() - HOUR),
      },
    });
    const [mail] = await waitForMailTo(to);
    expect(mail!.subject).toBe('Orphan');
  });
});

describe('reminders', () => {
  it('writes one reminder per seat for meetings within the configured days, not for fresh seats or other meetings', async () => {
    const db = database().prisma;
    const now = new Date();
    const soon = await createMeeting(db, {
      startsAt: new Date(now.getTime() + 2 * DAY),
      endsAt: new Date(now.getTime() + 2 * DAY + 3 * HOUR),
    });
    const later = await createMeeting(db, {
      startsAt: new Date(now.getTime() + 10 * DAY),
      endsAt: new Date(now.getTime() + 10 * DAY + 3 * HOUR),
    });
    const off = await createMeeting(db, {
      status: 'cancelled',
      startsAt: new Date(now.getTime() + 2 * DAY),
      endsAt: new Date(now.getTime() + 2 * DAY + 3 * HOUR),
    });
    const longAgo = new Date(now.getTime() - 5 * DAY);
    const due = await createRegistration(db, soon.id, { createdAt: longAgo, locale: 'en' });
    const promotedLongAgo = await createRegistration(db, soon.id, {
      createdAt: longAgo,
      promotedAt: new Date(now.getTime() - 2 * DAY),
    });
    await createRegistration(db, soon.id, { createdAt: new Date(now.getTime() - HOUR) }); // just got the confirmation
    await createRegistration(db, soon.id, {
      createdAt: new Date(now.getTime() - 2 * HOUR),
      promotedAt: new Date(now.getTime() - HOUR),
    });
    await createRegistration(db, soon.id, { createdAt: longAgo, status: 'waitlisted', waitlistPosition: 1 });
    await createRegistration(db, later.id, { createdAt: longAgo });
    await createRegistration(db, off.id, { createdAt: longAgo });

    expect(await enqueueDueReminders(db, testConfig, now)).toBe(2);
    expect(await enqueueDueReminders(db, testConfig, now)).toBe(2);
    const rows = await db.outboxEmail.findMany({
      where: { kind: 'meeting_reminder', meetingId: { in: [soon.id, later.id, off.id] } },
    });
    expect(rows.map((row) => row.dedupeKey).sort()).toEqual(
      [reminderDedupeKey(due.id, soon.startsAt), reminderDedupeKey(promotedLongAgo.id, soon.startsAt)].sort(),
    );
    expect(await enqueueDueReminders(db, { ...testConfig, reminderDaysBefore: 0 }, now)).toBe(0);

    const [mail] = await waitForMailTo(due.email);
    expect(mail!.subject).toBe('Reminder: Testmøde');
    expect(mail!.text).toContain('is in 2 days');
  });

  it('is scheduled hourly through the Copenhagen day', async () => {
    const { rows } = await database().pool.query<{ name: string; cron: string; timezone: string }>(
      'SELECT name, cron, timezone FROM pgboss.schedule',
    );
    expect(rows).toEqual([{ name: 'email-reminders', cron: '0 8-20 * * *', timezone: 'Europe/Copenhagen' }]);
  });
});
