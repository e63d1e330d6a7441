import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatTime, formatTimeRange, isSameDay } from './format-date';

describe('format-date', () => {
  it('shows Copenhagen wall-clock time in summer (UTC+2)', () => {
    expect(formatTime('2026-06-11T08:00:00Z', 'da')).toBe('10.00');
    expect(formatTime('2026-06-11T08:00:00Z', 'en')).toBe('10:00');
  });

  it('shows Copenhagen wall-clock time in winter (UTC+1)', () => {
    expect(formatTime('2017-03-24T09:00:00Z', 'da')).toBe('10.00');
    expect(formatDate('2017-03-24T09:00:00Z', 'da')).toBe('fredag den 24. marts 2017');
    expect(formatDate('2017-03-24T09:00:00Z', 'en')).toBe('Friday, 24 March 2017');
  });

  it('uses the Copenhagen date, not the UTC one, around midnight', () => {
    expect(formatDate('2026-12-31T23:30:00Z', 'en')).toBe('Friday, 1 January 2027');
  });

  it('formats ranges across the daylight-saving change', () => {
    // 29 March 2026, clocks go from 02:00 to 03:00 in Copenhagen.
    expect(formatTimeRange('2026-03-29T00:30:00Z', '2026-03-29T01:30:00Z', 'en')).toBe('01:30–03:30');
  });

  it('formats date and time together', () => {
    expect(formatDateTime('2026-04-12T07:00:00Z', 'da')).toBe('12. april 2026 kl. 09.00');
    expect(formatDateTime('2026-04-12T07:00:00Z', 'en')).toBe('12 April 2026 at 09:00');
  });

  it('compares calendar days in Copenhagen', () => {
    expect(isSameDay('2026-06-11T08:00:00Z', '2026-06-11T22:30:00Z')).toBe(false);
    expect(isSameDay('2026-06-11T08:00:00Z', '2026-06-11T12:00:00Z')).toBe(true);
  });
});
