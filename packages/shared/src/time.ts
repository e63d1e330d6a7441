import { TZDate } from '@date-fns/tz';

import { networkTimeZone } from './time-zone';

export { networkTimeZone };

/**
 * The instant of a Copenhagen wall-clock time, e.g. ('2017-03-24', '10:00').
 * The zone database does the daylight-saving arithmetic, never we.
 */
export function copenhagenInstant(date: string, time: string): Date {
  const [year, month, day] = date.split('-').map(Number);
  const [hour, minute] = time.split(':').map(Number);
  if ([year, month, day, hour, minute].some((part) => part === undefined || Number.isNaN(part))) {
    throw new Error(`Not a date and time: ${date} ${time}`);
  }
  const zoned = new TZDate(year!, month! - 1, day!, hour!, minute!, networkTimeZone);
  return new Date(zoned.getTime());
}

/** The Copenhagen calendar date ("YYYY-MM-DD") of an instant. */
export function copenhagenDate(instant: Date): string {
  const zoned = new TZDate(instant.getTime(), networkTimeZone);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${zoned.getFullYear()}-${pad(zoned.getMonth() + 1)}-${pad(zoned.getDate())}`;
}

/** The Copenhagen wall-clock time ("HH:MM") of an instant. */
export function copenhagenTime(instant: Date): string {
  const zoned = new TZDate(instant.getTime(), networkTimeZone);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${pad(zoned.getHours())}:${pad(zoned.getMinutes())}`;
}

/** The Copenhagen date `days` calendar days after the date of `instant`. */
export function addCopenhagenDays(instant: Date, days: number): string {
  const zoned = new TZDate(instant.getTime(), networkTimeZone);
  const shifted = new TZDate(zoned.getFullYear(), zoned.getMonth(), zoned.getDate() + days, 12, 0, networkTimeZone);
  return copenhagenDate(new Date(shifted.getTime()));
}
