import { emailKindSchema } from '@bok/shared/emails';
import { describe, expect, it } from 'vitest';
import type { CalendarMeeting } from '../calendar/calendar.ics';
import { type EmailContext, formatMeetingTime, renderEmail } from './emails.templates';

const kinds = emailKindSchema.options.filter((kind) => kind !== 'coordinator_password_reset');

const meeting: CalendarMeeting = {
  id: '6f1c1d2e-3b4a-4c5d-8e6f-7a8b9c0d1e2f',
  slug: 'moede',
  title: 'Møde <om> "læsning" & leg',
  summary: null,
  description: null,
  status: 'open',
  startsAt: new Date('2030-01-10T08:30:00Z'),
  endsAt: new Date('2030-01-10T12:00:00Z'),
  sequence: 0,
  cancellationReason: null,
  venueRoom: null,
  venueLibrary: null,
  agendaItems: [],
  updatedAt: new Date('2029-12-01T00:00:00Z'),
};

function context(overrides: Partial<EmailContext> = {}): EmailContext {
  return {
    kind: 'registration_confirmed',
    locale: 'da',
    recipient: { name: 'Bo <Bent>', email: 'bo@example.dk' },
    registration: { status: 'confirmed', waitlistPosition: null, hadSeat: true },
    meeting,
    organizer: { name: 'Koordinator', email: 'k@example.dk' },
    publicUrl: 'https://bok.example',
    manageUrl: 'https://bok.example/tilmelding/x?token=t',
    now: new Date('2030-01-07T10:00:00Z'),
    ...overrides,
  };
}

describe('renderEmail', () => {
  it('has a subject and text of its own for every kind, in both languages', () => {
    for (const locale of ['da', 'en'] as const) {
      const subjects = new Set(kinds.map((kind) => renderEmail(context({ kind, locale })).subject));
      expect(subjects.size).toBe(kinds.length);
    }
    const da = renderEmail(context({ kind: 'registration_promoted' }));
    const en = renderEmail(context({ kind: 'registration_promoted', locale: 'en' }));
    expect(da.text).toContain('Kære Bo <Bent>');
    expect(en.text).toContain('Dear Bo <Bent>');
    expect(da.text).not.toEqual(en.text);
  });

  it('escapes what people and coordinators typed in the HTML, and keeps it plain in the text', () => {
    const rendered = renderEmail(context());
    expect(rendered.html).toContain('Møde &lt;om&gt; &quot;læsning&quot; &amp; leg');
    expect(rendered.html).toContain('Kære Bo &lt;Bent&gt;');
    expect(rendered.html).not.toContain('<om>');
    expect(rendered.text).toContain('Møde <om> "læsning" & leg');
  });

  it('says when the venue is not yet known', () => {
    expect(renderEmail(context()).text).toContain('Sted: Oplyses senere');
    expect(renderEmail(context({ locale: 'en' })).text).toContain('Where: To be announced');
  });

  it('counts the days to the meeting in Copenhagen calendar days for reminders', () => {
    const at = (now: string) => renderEmail(context({ kind: 'meeting_reminder', now: new Date(now) })).text;
    expect(at('2030-01-07T10:00:00Z')).toContain('er om 3 dage');
    // 23:30 UTC on the 8th is already the 9th in Copenhagen: tomorrow.
    expect(at('2030-01-08T23:30:00Z')).toContain('er i morgen');
    expect(at('2030-01-10T06:00:00Z')).toContain('er i dag');
  });

  it('attaches an invitation to seat holders only, and a cancellation only to those whose calendar has the meeting', () => {
    const method = (overrides: Partial<EmailContext>) => {
      const ics = renderEmail(context(overrides)).ics;
      return ics ? /^METHOD:(\w+)/m.exec(ics)![1] : null;
    };
    expect(method({ kind: 'registration_confirmed' })).toBe('REQUEST');
    expect(method({ kind: 'registration_promoted' })).toBe('REQUEST');
    expect(method({ kind: 'meeting_changed' })).toBe('REQUEST');
    const waitlisted = { status: 'waitlisted', waitlistPosition: 3, hadSeat: false } as const;
    expect(method({ kind: 'meeting_changed', registration: waitlisted })).toBeNull();
    expect(method({ kind: 'meeting_cancelled', registration: waitlisted })).toBeNull();
    expect(
      method({
        kind: 'registration_cancelled',
        registration: { status: 'cancelled', waitlistPosition: null, hadSeat: true },
      }),
    ).toBe('CANCEL');
    expect(
      method({
        kind: 'registration_cancelled',
        registration: { status: 'cancelled', waitlistPosition: null, hadSeat: false },
      }),
    ).toBeNull();
    expect(method({ kind: 'meeting_cancelled' })).toBe('CANCEL');
    for (const kind of ['registration_manage_link', 'meeting_reminder'] as const) {
      expect(method({ kind })).toBeNull();
    }
    // On the waitlist from the start: nothing in the calendar. Moved from a seat back to it: taken out.
    expect(method({ kind: 'registration_waitlisted', registration: waitlisted })).toBeNull();
    expect(
      method({
        kind: 'registration_waitlisted',
        registration: { status: 'waitlisted', waitlistPosition: 3, hadSeat: true },
      }),
    ).toBe('CANCEL');
  });
});

describe('formatMeetingTime', () => {
  it('shows Copenhagen time, and both days for a meeting across midnight', () => {
    expect(formatMeetingTime(meeting, 'da')).toBe('torsdag den 10. januar 2030, 09.30–13.00');
    expect(formatMeetingTime(meeting, 'en')).toBe('Thursday, 10 January 2030, 09:30–13:00');
    const overnight = { startsAt: new Date('2030-01-10T17:00:00Z'), endsAt: new Date('2030-01-11T09:00:00Z') };
    expect(formatMeetingTime(overnight, 'da')).toBe(
      'torsdag den 10. januar 2030 18.00 – fredag den 11. januar 2030 10.00',
    );
  });
});
