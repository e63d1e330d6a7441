import type { MeetingDetail } from '@bok/shared/meetings';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '@/lib/api-client';

/** Seats change while people register; a visible meeting page keeps its count fresh. */
export const seatsRefreshMs = 30_000;

// Imported with the request: the meeting page's first render does not wait for zod.
const meetingDetailSchema = () => import('@bok/shared/meetings').then((module) => module.meetingDetailSchema);

export function getMeeting(idOrSlug: string, signal?: AbortSignal): Promise<MeetingDetail> {
  return apiGet(`/meetings/${encodeURIComponent(idOrSlug)}`, meetingDetailSchema, { signal });
}

/** Every meeting page's query, by id and by slug: what a change in seats makes stale. */
export const meetingDetailsQueryKey = ['meetings', 'detail'] as const;

export function meetingQueryOptions(idOrSlug: string) {
  return queryOptions({
    queryKey: [...meetingDetailsQueryKey, idOrSlug],
    queryFn: ({ signal }) => getMeeting(idOrSlug, signal),
    staleTime: 10_000,
    refetchInterval: seatsRefreshMs,
    // A hidden tab does not poll; it refetches when it is focused again.
    refetchIntervalInBackground: false,
  });
}

export function useMeeting(idOrSlug: string) {
  return useQuery(meetingQueryOptions(idOrSlug));
}
