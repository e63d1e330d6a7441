import { describe, expect, it } from 'vitest';
import { instantToLocal, localToInstant } from './datetime-local';

describe('the dashboard’s wall clock is Copenhagen’s', () => {
  it('reads a typed time as Danish time, winter and summer', () => {
    expect(localToInstant('2027-01-14T10:00')).toBe('2027-01-14T09:00:00.000Z');
    expect(localToInstant('2027-06-10T10:00')).toBe('2027-06-10T08:00:00.000Z');
  });

  it('shows an instant as the time in Denmark, and round-trips across the change to summer time', () => {
    expect(instantToLocal('2027-01-14T09:00:00.000Z')).toBe('2027-01-14T10:00');
    // 28 March 2027: clocks go from 02:00 to 03:00.
    expect(instantToLocal('2027-03-28T01:30:00.000Z')).toBe('2027-03-28T03:30');
    for (const local of ['2027-03-27T23:45', '2027-03-28T03:00', '2027-10-31T12:00'])
      expect(instantToLocal(localToInstant(local)!)).toBe(local);
  });

  it('passes what it cannot read on for the schema to refuse, and empty as nothing', () => {
    expect(localToInstant('i morgen')).toBe('i morgen');
    expect(localToInstant('')).toBeUndefined();
  });
});
