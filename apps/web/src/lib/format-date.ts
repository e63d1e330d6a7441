import type { Locale } from '@bok/shared/common';
import { networkTimeZone } from '@bok/shared/time-zone';

const localeTags = { da: 'da-DK', en: 'en-GB' } as const satisfies Record<Locale, string>;

const formatters = new Map<string, Intl.DateTimeFormat>();

// Every format pins the zone: a visitor abroad still sees the time the meeting starts in Denmark.
function formatter(locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}:${JSON.stringify(options)}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(localeTags[locale], { ...options, timeZone: networkTimeZone });
    formatters.set(key, format);
  }
  return format;
}

const dateOptions: Intl.DateTimeFormatOptions = { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' };
const timeOptions: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit' };

/** "fredag den 24. marts 2017" / "Friday, 24 March 2017" */
export function formatDate(instant: string, locale: Locale): string {
  return formatter(locale, dateOptions).format(new Date(instant));
}

/** "24. marts 2017 kl. 09.00" / "24 March 2017 at 09:00" */
export function formatDateTime(instant: string, locale: Locale): string {
  return formatter(locale, { dateStyle: 'long', timeStyle: 'short' }).format(new Date(instant));
}

/** "10.00" / "10:00" */
export function formatTime(instant: string, locale: Locale): string {
  return formatter(locale, timeOptions).format(new Date(instant));
}

/** "10.00–14.00" / "10:00–14:00" */
export function formatTimeRange(start: string, end: string, locale: Locale): string {
  return formatter(locale, timeOptions).formatRange(new Date(start), new Date(end));
}

/** Whether two instants fall on the same calendar day in Copenhagen. */
export function isSameDay(a: string, b: string): boolean {
  const format = formatter('da', { year: 'numeric', month: '2-digit', day: '2-digit' });
  return format.format(new Date(a)) === format.format(new Date(b));
}
