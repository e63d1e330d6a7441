import { focusManager, QueryClient, QueryObserver } from '@tanstack/react-query';
import { describe, expect, it, vi } from 'vitest';
import { buildMeetingDetail } from '@/testing/fixtures';
import { mockApi } from '@/testing/mock-api';
import { meetingQueryOptions, seatsRefreshMs } from './get-meeting';

describe('meetingQueryOptions', () => {
  it('polls every 30 seconds while the page is visible, and not while it is hidden', async () => {
    vi.useFakeTimers();
    try {
      const meeting = buildMeetingDetail();
      const fetchMock = mockApi({ [`/api/v1/meetings/${meeting.slug}`]: meeting });
      const observer = new QueryObserver(new QueryClient(), meetingQueryOptions(meeting.slug));
      const unsubscribe = observer.subscribe(() => {});
      await vi.advanceTimersByTimeAsync(0);
      expect(fetchMock).toHaveBeenCalledTimes(1);

      await vi.advanceTimersByTimeAsync(seatsRefreshMs - 1_000);
      expect(fetchMock).toHaveBeenCalledTimes(1);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(fetchMock).toHaveBeenCalledTimes(2);

      focusManager.setFocused(false);
      await vi.advanceTimersByTimeAsync(3 * seatsRefreshMs);
      expect(fetchMock).toHaveBeenCalledTimes(2);
      unsubscribe();
    } finally {
      focusManager.setFocused(undefined);
      vi.useRealTimers();
    }
  });

  it('fetches by slug or id, escaped, and parses the answer', async () => {
    const meeting = buildMeetingDetail();
    const fetchMock = mockApi({ [`/api/v1/meetings/${meeting.slug}`]: meeting });
    const data = await new QueryClient().fetchQuery(meetingQueryOptions(meeting.slug));
    expect(data).toEqual(meeting);
    expect(String(fetchMock.mock.calls[0]?.[0])).toBe(`/api/v1/meetings/${meeting.slug}`);
  });
});
