import { describe, expect, it } from 'vitest';
import { easterSunday, isDanishWorkingDay, workingDayOnOrAfter } from './working-days';

describe('Danish working days', () => {
  it('knows Easter Sunday', () => {
    expect([2024, 2025, 2026, 2027, 2028].map(easterSunday)).toEqual([
      '2024-03-31',
      '2025-04-20',
      '2026-04-05',
      '2027-03-28',
      '2028-04-16',
    ]);
  });

  it('skips weekends', () => {
    // 2027-01-09 is a Saturday, the 10th a Sunday.
    expect(isDanishWorkingDay('2027-01-09')).toBe(false);
    expect(isDanishWorkingDay('2027-01-10')).toBe(false);
    expect(workingDayOnOrAfter('2027-01-09')).toBe('2027-01-11');
    expect(workingDayOnOrAfter('2027-01-13')).toBe('2027-01-13');
  });

  it('skips the holidays that move with Easter, and Christmas', () => {
    // Maundy Thursday 2027-03-25 … Easter Monday 2027-03-29: the next working day is Tuesday.
    expect(workingDayOnOrAfter('2027-03-25')).toBe('2027-03-30');
    // Ascension Day 2027 is Thursday 6 May; Whit Monday 17 May.
    expect(isDanishWorkingDay('2027-05-06')).toBe(false);
    expect(isDanishWorkingDay('2027-05-17')).toBe(false);
    expect(isDanishWorkingDay('2027-05-07')).toBe(true);
    // 24–26 December 2029 are Monday–Wednesday; 31 December and 1 January too.
    expect(workingDayOnOrAfter('2029-12-24')).toBe('2029-12-27');
    expect(workingDayOnOrAfter('2029-12-31')).toBe('2030-01-02');
  });

  it('gives a working day for every date of a year', () => {
    for (let day = 0; day < 366; day += 1) {
      const date = new Date(Date.UTC(2027, 0, 1 + day, 12)).toISOString().slice(0, 10);
      const meetingDay = workingDayOnOrAfter(date);
      expect(meetingDay >= date).toBe(true);
      const weekday = new Date(`${meetingDay}T12:00:00Z`).getUTCDay();
      expect(weekday).toBeGreaterThanOrEqual(1);
      expect(weekday).toBeLessThanOrEqual(5);
    }
  });
});
