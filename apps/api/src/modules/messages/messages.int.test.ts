import { problemSchema } from '@bok/shared/errors';
import { messageListSchema, messagePreviewSchema, messageSchema } from '@bok/shared/messages';
import { describe, expect, it } from 'vitest';
import { bearer, createApiKey } from '../../../test/auth';
import { createMeeting, createRegistration } from '../../../test/factories';
import { useTestApp } from '../../../test/test-app';
import { testConfig } from '../../lib/config';
import { outboxRenderer } from '../emails/emails.render';

const { app, database } = useTestApp();
const db = () => database().prisma;

describe('messages to a meeting’s participants', () => {
  it('reaches exactly the chosen group once, each in their language’s frame, kept in the meeting’s history', async () => {
    const writer = bearer((await createApiKey(db(), ['registrations:write', 'registrations:read'])).key);
    const meeting = await createMeeting(db(), { title: 'Beskedernes møde' });
    const seatDa = await createRegistration(db(), meeting.id, { name: 'Mette Hansen', locale: 'da' });
    const seatEn = await createRegistration(db(), meeting.id, {
      name: 'Jane Smith',
      locale: 'en',
      checkedInAt: new Date(),
    });
    const waiting = await createRegistration(db(), meeting.id, { status: 'waitlisted', waitlistPosition: 1 });
    await createRegistration(db(), meeting.id, { status: 'cancelled' });
    // A place held for a confirmation that has not come: that address has been told nothing.
    await createRegistration(db(), meeting.id, { holdExpiresAt: new Date(Date.now() + 3_600_000) });
    const url = `/api/v1/meetings/${meeting.id}/messages`;
    const message = {
      audience: 'confirmed',
      subject: 'Husk madpakke',
      body: 'Kære alle\n\nKantinen har lukket: tag en madpakke med.',
    };

    const preview = await app().inject({ method: 'POST', url: `${url}/preview`, headers: writer, payload: message });
    expect(messagePreviewSchema.parse(preview.json())).toMatchObject({ recipientCount: 2, subject: 'Husk madpakke' });
    expect(preview.json().text).toContain('Kantinen har lukket');
    expect(await db().outboxEmail.count({ where: { meetingId: meeting.id } })).toBe(0);

    const sent = await app().inject({ method: 'POST', url, headers: writer, payload: message });
    expect(sent.statusCode).toBe(201);
    const stored = messageSchema.parse(sent.json());
    expect(stored).toMatchObject({ audience: 'confirmed', recipientCount: 2 });
    const rows = await db().outboxEmail.findMany({ where: { meetingId: meeting.id, kind: 'meeting_message' } });
    expect(rows.map((row) => row.registrationId).sort()).toEqual([seatDa.id, seatEn.id].sort());

    const renderer = outboxRenderer(db(), testConfig);
    const danish = await renderer.ensureRendered(rows.find((row) => row.registrationId === seatDa.id)!);
    expect(danish.subject).toBe('Husk madpakke');
    expect(danish.textBody).toContain('Mette Hansen');
    expect(danish.textBody).toContain('En besked fra koordinatoren om „Beskedernes møde“');
    expect(danish.textBody).toContain('Kantinen har lukket: tag en madpakke med.');
    const english = await renderer.ensureRendered(rows.find((row) => row.registrationId === seatEn.id)!);
    expect(english.textBody).toContain('A message from the coordinator about “Beskedernes møde”');
    expect(english.textBody).toContain('Kantinen har lukket');

    // Those who came, and the waitlist: each their own group.
    const checkedIn = await app().inject({
      method: 'POST',
      url,
      headers: writer,
      payload: { ...message, audience: 'checked_in', subject: 'Tak for i dag' },
    });
    expect(messageSchema.parse(checkedIn.json()).recipientCount).toBe(1);
    const toWaitlist = await app().inject({
      method: 'POST',
      url,
      headers: writer,
      payload: { ...message, audience: 'waitlisted', subject: 'Der kan komme en plads' },
    });
    expect(messageSchema.parse(toWaitlist.json()).recipientCount).toBe(1);
    const byRecipient = await db().outboxEmail.groupBy({
      by: ['registrationId'],
      where: { meetingId: meeting.id, kind: 'meeting_message' },
      _count: true,
    });
    expect(Object.fromEntries(byRecipient.map((row) => [row.registrationId, row._count]))).toEqual({
      [seatDa.id]: 1,
      [seatEn.id]: 2,
      [waiting.id]: 1,
    });

    const history = messageListSchema.parse((await app().inject({ url, headers: writer })).json());
    expect(history.items.map((item) => item.subject)).toEqual([
      'Der kan komme en plads',
      'Tak for i dag',
      'Husk madpakke',
    ]);
    const audit = await db().auditLog.findMany({ where: { entityId: meeting.id, action: 'meeting.message_sent' } });
    expect(audit).toHaveLength(3);
    expect(JSON.stringify(audit)).not.toContain('Kantinen');
  });

  it('refuses a group with nobody in it, a draft, and bad input naming the field', async () => {
    const writer = bearer((await createApiKey(db(), ['registrations:write'])).key);
    const meeting = await createMeeting(db());
    await createRegistration(db(), meeting.id);
    const url = `/api/v1/meetings/${meeting.id}/messages`;
    const empty = await app().inject({
      method: 'POST',
      url,
      headers: writer,
      payload: { audience: 'checked_in', subject: 'Hej', body: 'Tekst' },
    });
    expect(empty.statusCode).toBe(409);
    expect(problemSchema.parse(empty.json()).errors?.[0]).toMatchObject({ field: 'audience' });
    const blank = await app().inject({
      method: 'POST',
      url,
      headers: writer,
      payload: { audience: 'confirmed', subject: '   ', body: 'Tekst' },
    });
    expect(blank.statusCode).toBe(400);
    expect(problemSchema.parse(blank.json()).errors?.[0]).toMatchObject({ field: 'subject' });
    const draft = await createMeeting(db(), { status: 'draft' });
    const toDraft = await app().inject({
      method: 'POST',
      url: `/api/v1/meetings/${draft.id}/messages`,
      headers: writer,
      payload: { audience: 'confirmed', subject: 'Hej', body: 'Tekst' },
    });
    expect(toDraft.statusCode).toBe(409);
    expect(await db().meetingMessage.count({ where: { meetingId: meeting.id } })).toBe(0);
  });
});
