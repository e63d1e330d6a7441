import { describe, expect, it } from 'vitest';
import { meetingListQuerySchema, registrationStateOf } from './meetings';

const now = new Date('2026-11-29T10:00:00Z');
const base = {
  status: 'open' as const,
  registrationOpensAt: new Date('2026-11-01T00:00:00Z'),
  registrationClosesAt: new Date('2026-12-20T00:00:00Z'),
  waitlistEnabled: true,
  startsAt: new Date('2026-12-24T09:00:00Z'),
};

describe('registrationStateOf', () => {
  it('is open while seats are left inside the window', () => {
    expect(registrationStateOf(base, { available: 3 }, now)).toBe('open');
  });
  it('offers the waitlist when full, or says full without one', () => {
    expect(registrationStateOf(base, { available: 0 }, now)).toBe('waitlist');
    expect(registrationStateOf({ ...base, waitlistEnabled: false }, { available: 0 }, now)).toBe('full');
  });
  it('is not yet open before the window and for a save-the-date meeting', () => {
    expect(
      registrationStateOf({ ...base, registrationOpensAt: new Date('2026-12-01T00:00:00Z') }, { available: 3 }, now),
    ).toBe('not_yet_open');
    expect(registrationStateOf({ ...base, status: 'announced' }, { available: 3 }, now)).toBe('not_yet_open');
  });
  it('is closed after the window, or when no window is set, at the start of the meeting', () => {
    expect(
      registrationStateOf({ ...base, registrationClosesAt: new Date('2026-11-28T00:00:00Z') }, { available: 3 }, now),
    ).toBe('closed');
    expect(
      registrationStateOf(
        { ...base, registrationClosesAt: null, startsAt: new Date('2026-11-29T09:00:00Z') },
        { available: 3 },
        now,
      ),
    ).toBe('closed');
    expect(registrationStateOf({ ...base, status: 'held' }, { available: 3 }, now)).toBe('closed');
  });
  it('is cancelled for a cancelled meeting, whatever else holds', () => {
    expect(registrationStateOf({ ...base, status: 'cancelled' }, { available: 3 }, now)).toBe('cancelled');
  });
});

describe('meetingListQuerySchema', () => {
  it('defaults the page and parses comma-separated statuses', () => {
    expect(meetingListQuerySchema.parse({ status: 'open, announced' })).toEqual({
      page: 1,
      pageSize: 20,
      status: ['open', 'announced'],
    });
  });
  it('refuses drafts, unknown statuses, bad dates and huge pages', () => {
    for (const query of [
      { status: 'draft' },
      { status: 'open,nope' },
      { from: '2026-13-01' },
      { pageSize: '500' },
      { page: '0' },
    ]) {
      expect(meetingListQuerySchema.safeParse(query).success, JSON.stringify(query)).toBe(false);
    }
  });
});
