import { venueText } from '@bok/shared/calendar-links';
import { networkTimeZone } from '@bok/shared/time';
import { TZDate } from '@date-fns/tz';
import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { tzlib_get_ical_block } from 'timezones-ical-library';

/** What a calendar entry needs to know about a meeting; built from a row by the callers. */
export interface CalendarMeeting {
  id: string;
  slug: string;
  title: string;
  summary: string | null;
  description: string | null;
  status: string;
  startsAt: Date;
  endsAt: Date;
  sequence: number;
  cancellationReason: string | null;
  venueRoom: string | null;
  venueLibrary: { name: string; street: string | null; postalCode: string | null; city: string | null } | null;
  agendaItems: Array<{ startsAt: Date; endsAt: Date; title: string; speakerName: string | null }>;
  updatedAt: Date;
}

export interface CalendarPerson {
  name: string;
  email: string;
}

export type CalendarMethod = 'PUBLISH' | 'REQUEST' | 'CANCEL';

const methods: Record<CalendarMethod, ICalCalendarMethod> = {
  PUBLISH: ICalCalendarMethod.PUBLISH,
  REQUEST: ICalCalendarMethod.REQUEST,
  CANCEL: ICalCalendarMethod.CANCEL,
};

/** One UID per meeting, whatever the e-mail or feed, so every update replaces the same entry. */
export function meetingUid(meetingId: string): string {
  return `meeting-${meetingId}@bok-moder`;
}

export function meetingPageUrl(publicUrl: string, slug: string): string {
  return `${publicUrl}/moeder/${slug}`;
}

/** What LOCATION and the e-mails show: the same words as the web page's "add to calendar" links. */
export function venueLine(meeting: Pick<CalendarMeeting, 'venueLibrary' | 'venueRoom'>): string {
  return venueText({ library: meeting.venueLibrary, room: meeting.venueRoom });
}

const agendaTime = new Intl.DateTimeFormat('da-DK', { timeZone: networkTimeZone, hour: '2-digit', minute: '2-digit' });

function describe(meeting: CalendarMeeting, pageUrl: string): string {
  const parts: string[] = [];
  if (meeting.status === 'cancelled' && meeting.cancellationReason) parts.push(meeting.cancellationReason);
  if (meeting.summary) parts.push(meeting.summary);
  if (meeting.description) parts.push(meeting.description);
  if (meeting.agendaItems.length) {
    const lines = meeting.agendaItems.map((item) => {
      const speaker = item.speakerName ? ` (${item.speakerName})` : '';
      return `${agendaTime.formatRange(item.startsAt, item.endsAt)} ${item.title}${speaker}`;
    });
    parts.push(`Program:\n${lines.join('\n')}`);
  }
  parts.push(pageUrl);
  return parts.join('\n\n');
}

/**
 * The VTIMEZONE block for a zone, from timezones-ical-library (tzdb data kept current by its
 * maintainers, no file-system reads, so it bundles). tzdb made Europe/Copenhagen a link to
 * Europe/Berlin (same rules since 1980), and the library answers with the canonical name: we
 * put back the name our events use, or TZID references would not match.
 */
export function vtimezone(zone: string): string | null {
  const [block] = tzlib_get_ical_block(zone);
  if (!block?.startsWith('BEGIN:VTIMEZONE')) return null;
  return block.replace(/^TZID:.*$/m, `TZID:${zone}`).replace(/^X-LIC-LOCATION:.*$/m, `X-LIC-LOCATION:${zone}`);
}

/**
 * A name as an iCalendar parameter value (CN). RFC 5545 has no escape inside a quoted parameter:
 * a `"` ends it, and what follows reads as more parameters (`ROLE=CHAIR`). ical-generator writes
 * `\"`, which clients do not read as an escape; so quotes become apostrophes, and control
 * characters (not allowed there either) spaces.
 */
function parameterText(value: string): string {
  return value.replaceAll('"', "'").replace(/\p{Cc}/gu, ' ');
}

export interface BuildCalendarInput {
  method: CalendarMethod;
  meetings: CalendarMeeting[];
  publicUrl: string;
  /** The network's coordinator; required by RFC 5546 for REQUEST and CANCEL. */
  organizer?: CalendarPerson;
  /** The registrant an invitation is for (REQUEST/CANCEL only). */
  attendee?: CalendarPerson;
  /** Calendar name for feeds. */
  name?: string;
}

/**
 * An iCalendar document (RFC 5545/5546) for one or more meetings, times in Europe/Copenhagen
 * with its VTIMEZONE. Cancelled meetings, and every event of a CANCEL, carry STATUS:CANCELLED.
 */
export function buildCalendar(input: BuildCalendarInput): string {
  const calendar = ical({
    prodId: { company: 'BoK', product: 'BoK Moeder', language: 'DA' },
    method: methods[input.method],
    // No calendar-wide zone name: DTSTAMP then stays in UTC as RFC 5545 requires; the
    // generator still emits one VTIMEZONE for every zone the events use.
    timezone: { name: null, generator: vtimezone },
    ...(input.name ? { name: input.name } : {}),
  });
  for (const meeting of input.meetings) {
    const pageUrl = meetingPageUrl(input.publicUrl, meeting.slug);
    const cancelled = input.method === 'CANCEL' || meeting.status === 'cancelled';
    const event = calendar.createEvent({
      id: meetingUid(meeting.id),
      sequence: meeting.sequence,
      // TZDate carries the zone, so ical-generator writes Copenhagen wall-clock time with TZID.
      start: new TZDate(meeting.startsAt.getTime(), networkTimeZone),
      end: new TZDate(meeting.endsAt.getTime(), networkTimeZone),
      timezone: networkTimeZone,
      // A published entry is stamped with its last change, so unchanged meetings give identical
      // bytes (ETags work); a message to one person is stamped when it is written.
      stamp: input.method === 'PUBLISH' ? meeting.updatedAt : new Date(),
      lastModified: meeting.updatedAt,
      summary: meeting.title,
      description: describe(meeting, pageUrl),
      location: venueLine(meeting) || null,
      url: pageUrl,
      status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
    if (input.organizer) event.organizer({ name: parameterText(input.organizer.name), email: input.organizer.email });
    if (input.attendee) {
      event.createAttendee({
        name: parameterText(input.attendee.name),
        email: input.attendee.email,
        role: ICalAttendeeRole.REQ,
        // The registration already is the answer: no RSVP round trip is expected.
        status: cancelled ? ICalAttendeeStatus.DECLINED : ICalAttendeeStatus.ACCEPTED,
      });
    }
  }
  return calendar.toString();
}
