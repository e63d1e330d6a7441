import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { buildMeetingDetail } from '@/testing/fixtures';
import { mockApi } from '@/testing/mock-api';
import { meetingQueryOptions, seatsRefreshMs } from './get-meeting';

describe('meetingQueryOptions', () => {
  it('polls every 30 seconds, but only while the page is visible', () => {
    const options = meetingQueryOptions('design-thinking-i-praksis');
    expect(seatsRefreshMs).toBe(30_000);
    expect(options.refetchInterval).toBe(30_000);
    expect(options.refetchIntervalInBackground).toBe(false);
  });

  it('fetches by slug or id, escaped, and parses the answer', async () => {
    const meeting = buildMeetingDetail();
    const fetchMock = mockApi({ [`/api/v1/meetings/${meeting.slug}`]: meeting });
    const data = await new QueryClient().fetchQuery(meetingQueryOptions(meeting.slug));
    expect(data).toEqual(meeting);
    expect(String(fetchMock.mock.calls[0]?.[0])).toBe(`/api/v1/meetings/${meeting.slug}`);
  });
});
