import { describe, expect, it } from 'vitest';
import { parseCalendar } from '../../../test/ics';
import { buildCalendar, type CalendarMeeting, meetingUid, vtimezone } from './calendar.ics';

function meeting(overrides: Partial<CalendarMeeting> = {}): CalendarMeeting {
  return {
    id: '6f1c1d2e-3b4a-4c5d-8e6f-7a8b9c0d1e2f',
    slug: 'laeselyst',
    title: 'Læselyst; fællesskab, og "sparring"',
    summary: 'Linje 1\nLinje 2',
    description: null,
    status: 'open',
    startsAt: new Date('2026-03-29T07:00:00Z'),
    endsAt: new Date('2026-03-29T11:00:00Z'),
    sequence: 1,
    cancellationReason: null,
    venueRoom: null,
    venueLibrary: { name: 'Køge Bibliotek', street: 'Kirkestræde 18', postalCode: '4600', city: 'Køge' },
    agendaItems: [],
    updatedAt: new Date('2026-01-01T12:00:00Z'),
    ...overrides,
  };
}

const people = {
  organizer: { name: 'Mette Tew', email: 'koordinator@example.dk' },
  attendee: { name: 'Ane', email: 'ane@example.dk' },
};

describe('buildCalendar', () => {
  it('writes Copenhagen wall-clock times that resolve to the right instants across both DST changes', () => {
    const dates: Array<[string, string, string]> = [
      // The morning clocks go forward (02:00 → 03:00): 09:00 is already summer time.
      ['2026-03-29T07:00:00Z', '2026-03-29T09:00:00', 'summer'],
      // The morning clocks go back (03:00 → 02:00): 09:00 is winter time again.
      ['2026-10-25T08:00:00Z', '2026-10-25T09:00:00', 'winter'],
      ['2026-12-01T08:00:00Z', '2026-12-01T09:00:00', 'winter'],
    ];
    for (const [instant, local] of dates) {
      const startsAt = new Date(instant);
      const ics = buildCalendar({
        method: 'REQUEST',
        meetings: [meeting({ startsAt, endsAt: new Date(startsAt.getTime() + 3 * 3600_000) })],
        publicUrl: 'https://bok.example',
        ...people,
      });
      const [event] = parseCalendar(ics).events;
      expect(event!.startLocal).toBe(local);
      expect(event!.startZone).toBe('Europe/Copenhagen');
      expect(event!.start.toISOString()).toBe(startsAt.toISOString());
      expect(ics).toContain(`DTSTART;TZID=Europe/Copenhagen:${local.replace(/[-:]/g, '')}`);
    }
  });

  it('carries METHOD, UID, SEQUENCE, organiser, attendee and escaped texts that parse back unchanged', () => {
    const ics = buildCalendar({
      method: 'REQUEST',
      meetings: [meeting()],
      publicUrl: 'https://bok.example',
      ...people,
    });
    const calendar = parseCalendar(ics);
    expect(calendar.method).toBe('REQUEST');
    const [event] = calendar.events;
    expect(event).toMatchObject({
      uid: meetingUid('6f1c1d2e-3b4a-4c5d-8e6f-7a8b9c0d1e2f'),
      sequence: 1,
      summary: 'Læselyst; fællesskab, og "sparring"',
      location: 'Køge Bibliotek, Kirkestræde 18, 4600 Køge',
      url: 'https://bok.example/moeder/laeselyst',
      status: 'CONFIRMED',
      organizer: 'mailto:koordinator@example.dk',
    });
    expect(event!.attendees.map((value) => value.toLowerCase())).toEqual(['mailto:ane@example.dk']);
    expect(event!.description).toBe('Linje 1\nLinje 2\n\nhttps://bok.example/moeder/laeselyst');
    // DTSTAMP must be UTC (RFC 5545 §3.8.7.2), not Copenhagen time.
    expect(ics).toMatch(/^DTSTAMP:\d{8}T\d{6}Z\r?$/m);
  });

  it('keeps quotes in names from adding parameters to ORGANIZER and ATTENDEE (RFC 5545 cannot escape them there)', () => {
    const ics = buildCalendar({
      method: 'REQUEST',
      meetings: [meeting()],
      publicUrl: 'https://bok.example',
      organizer: { name: 'Mette "Koordinator";ROLE=CHAIR:', email: 'koordinator@example.dk' },
      attendee: { name: 'Evil";ROLE=CHAIR;RSVP=TRUE;X="', email: 'evil@example.dk' },
    });
    const [event] = parseCalendar(ics).events;
    expect(event!.attendeeParameters).toEqual([
      { cn: "Evil';ROLE=CHAIR;RSVP=TRUE;X='", role: 'REQ-PARTICIPANT', partstat: 'ACCEPTED' },
    ]);
    expect(event!.organizerParameters).toEqual({ cn: "Mette 'Koordinator';ROLE=CHAIR:" });
    expect(event!.attendees.map((value) => value.toLowerCase())).toEqual(['mailto:evil@example.dk']);
    expect(event!.organizer).toBe('mailto:koordinator@example.dk');
  });

  it('cancels with METHOD:CANCEL and STATUS:CANCELLED, and publishes without attendees', () => {
    const cancel = parseCalendar(
      buildCalendar({ method: 'CANCEL', meetings: [meeting()], publicUrl: 'https://bok.example', ...people }),
    );
    expect(cancel.method).toBe('CANCEL');
    expect(cancel.events[0]!.status).toBe('CANCELLED');

    const published = buildCalendar({
      method: 'PUBLISH',
      meetings: [
        meeting(),
        meeting({ id: '00000000-0000-4000-8000-000000000001', status: 'cancelled', cancellationReason: 'Sygdom' }),
      ],
      publicUrl: 'https://bok.example',
      name: 'BoK – møder',
    });
    const feed = parseCalendar(published);
    expect(feed.method).toBe('PUBLISH');
    expect(feed.timezoneIds).toEqual(['Europe/Copenhagen']); // one VTIMEZONE for all events
    expect(feed.events.map((event) => event.status)).toEqual(['CONFIRMED', 'CANCELLED']);
    expect(feed.events.every((event) => event.attendees.length === 0)).toBe(true);
    expect(feed.events[1]!.description).toMatch(/^Sygdom/);
    expect(published).toContain('X-WR-CALNAME:BoK – møder');
    // Published entries are stamped with their last change, so the bytes are stable.
    expect(published).toContain('DTSTAMP:20260101T120000Z');
  });
});

describe('vtimezone', () => {
  it('gives Europe/Copenhagen its EU summer-time rules under its own name', () => {
    const block = vtimezone('Europe/Copenhagen')!;
    expect(block).toMatch(/^BEGIN:VTIMEZONE\r\nTZID:Europe\/Copenhagen\r\n/);
    expect(block).toContain('TZOFFSETTO:+0200');
    expect(block).toContain('RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU');
    expect(block).toContain('RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU');
    expect(block).not.toContain('Berlin');
  });
});
