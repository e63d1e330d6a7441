import { problemSchema } from '@bok/shared/errors';
import { describe, expect, it } from 'vitest';
import { createLibrary, createMeeting } from '../../../test/factories';
import { parseCalendar } from '../../../test/ics';
import { useTestApp } from '../../../test/test-app';
import { testConfig } from '../../lib/config';
import { meetingUid } from './calendar.ics';

const { database, app: testApp } = useTestApp();

describe('GET /api/v1/meetings/{id}/calendar.ics', () => {
  it('publishes the meeting in Copenhagen time with its VTIMEZONE, by id or slug', async () => {
    const db = database().prisma;
    const library = await createLibrary(db, {
      street: 'Dronning Margrethes Vej 14',
      postalCode: '4000',
      city: 'Roskilde',
    });
    // Winter time: 10:00 Copenhagen is 09:00 UTC.
    const meeting = await createMeeting(db, {
      title: 'Vintermøde',
      venueLibraryId: library.id,
      startsAt: new Date('2031-01-20T09:00:00Z'),
      endsAt: new Date('2031-01-20T14:00:00Z'),
      sequence: 4,
    });

    for (const key of [meeting.id, meeting.slug]) {
      const response = await testApp().inject({ url: `/api/v1/meetings/${key}/calendar.ics` });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/calendar; charset=utf-8');
      expect(response.headers['content-disposition']).toBe(`attachment; filename="${meeting.slug}.ics"`);
      expect(response.headers['cache-control']).toContain('max-age=');
      const calendar = parseCalendar(response.body);
      expect(calendar.method).toBe('PUBLISH');
      expect(calendar.timezoneIds).toEqual(['Europe/Copenhagen']);
      expect(calendar.events).toHaveLength(1);
      const [event] = calendar.events;
      expect(event).toMatchObject({
        uid: meetingUid(meeting.id),
        sequence: 4,
        summary: 'Vintermøde',
        status: 'CONFIRMED',
        startLocal: '2031-01-20T10:00:00',
        startZone: 'Europe/Copenhagen',
        url: `${testConfig.publicUrl}/moeder/${meeting.slug}`,
        attendees: [],
      });
      expect(event!.start.toISOString()).toBe('2031-01-20T09:00:00.000Z');
      expect(event!.end.toISOString()).toBe('2031-01-20T14:00:00.000Z');
      expect(event!.location).toBe(`${library.name}, Dronning Margrethes Vej 14, 4000 Roskilde`);
    }
  });

  it('answers a matching If-None-Match with 304, and a changed meeting with a new ETag', async () => {
    const db = database().prisma;
    const meeting = await createMeeting(db);
    const url = `/api/v1/meetings/${meeting.id}/calendar.ics`;
    const first = await testApp().inject({ url });
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^".+"$/);
    const again = await testApp().inject({ url, headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');

    await db.meeting.update({ where: { id: meeting.id }, data: { title: 'Nyt navn', sequence: { increment: 1 } } });
    const changed = await testApp().inject({ url, headers: { 'if-none-match': etag } });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect(parseCalendar(changed.body).events[0]).toMatchObject({ summary: 'Nyt navn', sequence: 1 });
  });

  it('hides drafts and unknown meetings behind 404 problem+json', async () => {
    const draft = await createMeeting(database().prisma, { status: 'draft' });
    for (const key of [draft.id, draft.slug, 'no-such-meeting']) {
      const response = await testApp().inject({ url: `/api/v1/meetings/${key}/calendar.ics` });
      expect(response.statusCode).toBe(404);
      expect(problemSchema.parse(response.json()).code).toBe('not_found');
    }
  });
});

describe('GET /api/v1/calendar.ics', () => {
  it('is a feed of every public meeting, cancelled ones marked CANCELLED, drafts left out', async () => {
    const db = database().prisma;
    const open = await createMeeting(db, { title: 'Åbent møde' });
    const cancelled = await createMeeting(db, {
      title: 'Aflyst møde',
      status: 'cancelled',
      cancellationReason: 'For få tilmeldte.',
    });
    const held = await createMeeting(db, {
      title: 'Afholdt møde',
      status: 'held',
      startsAt: new Date('2025-03-01T09:00:00Z'),
      endsAt: new Date('2025-03-01T12:00:00Z'),
      registrationOpensAt: null,
      registrationClosesAt: null,
    });
    const draft = await createMeeting(db, { title: 'Kladde', status: 'draft' });

    const response = await testApp().inject({ url: '/api/v1/calendar.ics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/^inline;/);
    expect(response.headers.etag).toMatch(/^(W\/)?"[^"]+"$/);
    const calendar = parseCalendar(response.body);
    expect(calendar.method).toBe('PUBLISH');
    expect(calendar.timezoneIds).toEqual(['Europe/Copenhagen']);
    const byUid = new Map(calendar.events.map((event) => [event.uid, event]));
    expect(byUid.get(meetingUid(open.id))?.status).toBe('CONFIRMED');
    expect(byUid.get(meetingUid(cancelled.id))?.status).toBe('CANCELLED');
    expect(byUid.get(meetingUid(cancelled.id))?.description).toContain('For få tilmeldte.');
    expect(byUid.get(meetingUid(held.id))?.start.toISOString()).toBe('2025-03-01T09:00:00.000Z');
    expect(byUid.has(meetingUid(draft.id))).toBe(false);
    // Every event's DTSTAMP is its meeting's last change: the same data gives the same bytes.
    const again = await testApp().inject({ url: '/api/v1/calendar.ics' });
    expect(again.body).toBe(response.body);
    expect(
      (
        await testApp().inject({
          url: '/api/v1/calendar.ics',
          headers: { 'if-none-match': response.headers.etag as string },
        })
      ).statusCode,
    ).toBe(304);
  });
});
