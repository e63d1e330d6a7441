import ICAL from 'ical.js';

export interface ParsedEvent {
  uid: string;
  sequence: number;
  status: string | null;
  summary: string;
  location: string | null;
  url: string | null;
  description: string | null;
  organizer: string | null;
  /** The ORGANIZER's parameters (cn, …) as a calendar client reads them. */
  organizerParameters: Record<string, unknown>;
  attendees: string[];
  /** Each ATTENDEE's parameters (cn, role, partstat, rsvp, …). */
  attendeeParameters: Array<Record<string, unknown>>;
  /** The wall-clock time as written (e.g. 2030-06-15T09:00:00) and its TZID. */
  startLocal: string;
  startZone: string | null;
  /** The instant, computed by ical.js from the VTIMEZONE in the file. */
  start: Date;
  end: Date;
}

function parametersOf(property: ICAL.Property | null): Record<string, unknown> {
  return property ? (property.toJSON()[1] as Record<string, unknown>) : {};
}

/**
 * Parses an iCalendar document with ical.js — an independent implementation — and resolves times
 * through the VTIMEZONE blocks the document itself carries (none from the host).
 */
export function parseCalendar(text: string) {
  const root = new ICAL.Component(ICAL.parse(text));
  const timezones = root.getAllSubcomponents('vtimezone');
  for (const zone of timezones) ICAL.TimezoneService.register(zone);
  try {
    const events = root.getAllSubcomponents('vevent').map((component): ParsedEvent => {
      const event = new ICAL.Event(component);
      const text = (name: string) => {
        const value = component.getFirstPropertyValue(name);
        return value === null || value === undefined ? null : String(value);
      };
      return {
        uid: event.uid,
        sequence: event.sequence,
        status: text('status'),
        summary: event.summary,
        location: text('location'),
        url: text('url'),
        description: text('description'),
        organizer: text('organizer'),
        organizerParameters: parametersOf(component.getFirstProperty('organizer')),
        attendees: component.getAllProperties('attendee').map((property) => String(property.getFirstValue())),
        attendeeParameters: component.getAllProperties('attendee').map(parametersOf),
        startLocal: event.startDate.toString(),
        startZone: event.startDate.zone?.tzid ?? null,
        start: event.startDate.toJSDate(),
        end: event.endDate.toJSDate(),
      };
    });
    return {
      method: root.getFirstPropertyValue('method') as string | null,
      timezoneIds: timezones.map((zone) => String(zone.getFirstPropertyValue('tzid'))),
      events,
    };
  } finally {
    for (const zone of timezones) ICAL.TimezoneService.remove(String(zone.getFirstPropertyValue('tzid')));
  }
}
