import { auditPageSchema } from '@bok/shared/audit';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { coordinatorRequest } from './session';

export interface AuditFilters {
  meetingId?: string | undefined;
  /** An action, or a prefix ending in a dot. */
  action?: string | undefined;
}

/** The log, newest first, a page at a time ("show older" asks for the next). */
export function useAuditLog(filters: AuditFilters) {
  const queryClient = useQueryClient();
  return useInfiniteQuery({
    queryKey: ['coordinator', 'audit', filters],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      coordinatorRequest(queryClient, '/audit', auditPageSchema, {
        query: { meetingId: filters.meetingId, action: filters.action, cursor: pageParam, limit: 50 },
        signal,
      }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
