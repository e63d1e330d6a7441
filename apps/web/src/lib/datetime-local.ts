import { copenhagenDate, copenhagenInstant, copenhagenTime } from '@bok/shared/time';

// `<input type="datetime-local">` speaks wall-clock time, and the dashboard's wall clock is
// Copenhagen's, as on the public pages: a coordinator abroad, or a browser set to another zone,
// still types the time the meeting starts in Denmark. The API speaks instants.

const wallClock = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?$/;

/** "2026-09-10T09:00" → an ISO instant; an unreadable value is passed on for the schema to refuse, empty as undefined. */
export function localToInstant(value: string): string | undefined {
  if (!value) return undefined;
  const match = wallClock.exec(value);
  return match ? copenhagenInstant(match[1]!, match[2]!).toISOString() : value;
}

/** An instant as the input shows it. */
export function instantToLocal(instant: string): string {
  const date = new Date(instant);
  return `${copenhagenDate(date)}T${copenhagenTime(date)}`;
}
