/**
 * "Add to calendar" links for the web calendars that take an event in the URL. Times go as UTC
 * instants, so no time-zone arithmetic happens here; the calendars show them in the viewer's zone.
 */
export interface CalendarLinkEvent {
  title: string;
  /** ISO 8601 instants, as the API sends them, or Dates. */
  startsAt: string | Date;
  endsAt: string | Date;
  description?: string | null;
  location?: string | null;
  /** The meeting's page, appended to the description. */
  url?: string | null;
}

export interface CalendarLinks {
  google: string;
  /** Outlook.com (personal accounts). */
  outlook: string;
  /** Outlook on the web for work accounts (Microsoft 365), which most libraries use. */
  office365: string;
}

// Long texts make URLs that some browsers and calendars refuse; the meeting page has the rest.
const MAX_DESCRIPTION = 1000;

const toDate = (value: string | Date) => (value instanceof Date ? value : new Date(value));

/** A query string from the parameters that have a value (shared code has no DOM or Node URL types). */
function query(params: Record<string, string | null | undefined>): string {
  return Object.entries(params)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '')
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
    .join('&');
}

function details(event: CalendarLinkEvent): string {
  let text = (event.description ?? '').trim();
  if (text.length > MAX_DESCRIPTION) text = `${text.slice(0, MAX_DESCRIPTION - 1).trimEnd()}…`;
  return [text, event.url ?? ''].filter(Boolean).join('\n\n');
}

/** 20260610T070000Z: Google's compact UTC form. */
function googleInstant(value: string | Date): string {
  return toDate(value)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

/** 2026-06-10T07:00:00Z: Outlook's deep links take ISO instants. */
function outlookInstant(value: string | Date): string {
  return toDate(value)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z');
}

function outlookUrl(host: string, event: CalendarLinkEvent): string {
  const params = query({
    path: '/calendar/action/compose',
    rru: 'addevent',
    subject: event.title,
    startdt: outlookInstant(event.startsAt),
    enddt: outlookInstant(event.endsAt),
    body: details(event),
    location: event.location,
  });
  return `https://${host}/calendar/0/deeplink/compose?${params}`;
}

export function googleCalendarUrl(event: CalendarLinkEvent): string {
  const params = query({
    action: 'TEMPLATE',
    text: event.title,
    dates: `${googleInstant(event.startsAt)}/${googleInstant(event.endsAt)}`,
    details: details(event),
    location: event.location,
    // The zone Google shows the event in when it asks which one it belongs to.
    ctz: 'Europe/Copenhagen',
  });
  return `https://calendar.google.com/calendar/render?${params}`;
}

export function calendarLinks(event: CalendarLinkEvent): CalendarLinks {
  return {
    google: googleCalendarUrl(event),
    outlook: outlookUrl('outlook.live.com', event),
    office365: outlookUrl('outlook.office.com', event),
  };
}

/** "Library, room, street, postcode city" of a meeting's venue, as the API describes it. */
export function venueText(venue: {
  library: { name: string; street: string | null; postalCode: string | null; city: string | null } | null;
  room: string | null;
}): string {
  const library = venue.library;
  const place = [library?.postalCode, library?.city].filter(Boolean).join(' ');
  return [library?.name, venue.room, library?.street, place].filter((part): part is string => Boolean(part)).join(', ');
}
