import { describe, expect, it } from 'vitest';
import { addCopenhagenDays, copenhagenDate, copenhagenInstant } from './time';

describe('Copenhagen wall-clock time', () => {
  it('maps winter and summer times to the right UTC instants', () => {
    expect(copenhagenInstant('2016-12-15', '10:00').toISOString()).toBe('2016-12-15T09:00:00.000Z');
    expect(copenhagenInstant('2017-06-15', '10:00').toISOString()).toBe('2017-06-15T08:00:00.000Z');
  });

  it('handles the days the clocks change', () => {
    // 26 March 2017: 02:00 → 03:00. 10:00 that day is summer time.
    expect(copenhagenInstant('2017-03-26', '10:00').toISOString()).toBe('2017-03-26T08:00:00.000Z');
    // 29 October 2017: 03:00 → 02:00. 10:00 that day is winter time.
    expect(copenhagenInstant('2017-10-29', '10:00').toISOString()).toBe('2017-10-29T09:00:00.000Z');
  });

  it('gives the local date of an instant, which can differ from the UTC date', () => {
    expect(copenhagenDate(new Date('2016-12-14T23:30:00Z'))).toBe('2016-12-15');
  });

  it('adds calendar days across a daylight-saving change without drifting an hour', () => {
    expect(addCopenhagenDays(new Date('2017-03-20T09:00:00Z'), 10)).toBe('2017-03-30');
    expect(copenhagenInstant(addCopenhagenDays(new Date('2017-03-20T09:00:00Z'), 10), '10:00').toISOString()).toBe(
      '2017-03-30T08:00:00.000Z',
    );
  });

  it('rejects what is not a date and time', () => {
    expect(() => copenhagenInstant('next tuesday', '10:00')).toThrow(/Not a date/);
  });
});
