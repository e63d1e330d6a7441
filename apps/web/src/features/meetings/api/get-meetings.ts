import { type MeetingPage, meetingPageSchema } from '@bok/shared/meetings';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '@/lib/api-client';

/** The query string of `GET /meetings`, as the browser sends it (statuses comma-separated). */
export type MeetingListParams = {
  status?: string;
  from?: string;
  to?: string;
  theme?: string;
  page?: number;
  pageSize?: number;
};

export function getMeetings(params: MeetingListParams, signal?: AbortSignal): Promise<MeetingPage> {
  return apiGet('/meetings', meetingPageSchema, { query: params, signal });
}

export function meetingsQueryOptions(params: MeetingListParams) {
  return queryOptions({
    queryKey: ['meetings', 'list', params],
    queryFn: ({ signal }) => getMeetings(params, signal),
    // Paging keeps the current page on screen until the next one arrives.
    placeholderData: keepPreviousData,
  });
}

export function useMeetings(params: MeetingListParams) {
  return useQuery(meetingsQueryOptions(params));
}
