/**
 * Working days in Denmark: staff meet on weekdays that are not public holidays. Dates are calendar
 * dates ("YYYY-MM-DD"), so the arithmetic is on the calendar alone (UTC noon), never on instants.
 *
 * Our own few lines rather than `date-holidays` (45 MB with its dependencies for every country):
 * Denmark's holidays are the fixed days below and the ones that move with Easter. Store bededag was
 * abolished from 2024; Grundlovsdag, Christmas Eve and New Year's Eve are not public holidays by law,
 * but libraries and their staff are off, so no meeting goes there either.
 */

const fixedDaysOff = ['01-01', '06-05', '12-24', '12-25', '12-26', '12-31'];
/** Days relative to Easter Sunday: Maundy Thursday … Whit Monday. */
const easterDaysOff = [-3, -2, 0, 1, 39, 49, 50];

function parse(date: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new Error(`Not a date: ${date}`);
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 12));
}

function format(day: Date): string {
  return day.toISOString().slice(0, 10);
}

function addDays(day: Date, days: number): Date {
  return new Date(day.getTime() + days * 86_400_000);
}

/** Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm, Meeus/Jones/Butcher). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Whether staff work on this date: Monday to Friday, and not a Danish holiday. */
export function isDanishWorkingDay(date: string): boolean {
  const day = parse(date);
  const weekday = day.getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  if (fixedDaysOff.includes(date.slice(5))) return false;
  const easter = parse(easterSunday(day.getUTCFullYear()));
  return !easterDaysOff.some((offset) => format(addDays(easter, offset)) === date);
}

/** The date itself when it is a working day, else the next working day after it. */
export function workingDayOnOrAfter(date: string): string {
  let day = parse(date);
  while (!isDanishWorkingDay(format(day))) day = addDays(day, 1);
  return format(day);
}
