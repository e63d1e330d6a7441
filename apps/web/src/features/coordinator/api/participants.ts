import {
  headcountSchema,
  type ParticipantAdd,
  type ParticipantListQuery,
  type ParticipantMove,
  participantListSchema,
  participantSchema,
} from '@bok/shared/participants';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiUrl } from '@/lib/api-client';
import { coordinatorMeetingKey } from './meetings';
import { coordinatorRequest } from './session';

export type ParticipantFilters = Partial<Omit<ParticipantListQuery, 'locale'>>;

export const participantsKey = (meetingId: string) => ['coordinator', 'participants', meetingId] as const;

function queryOf(filters: ParticipantFilters) {
  return {
    q: filters.q,
    status: filters.status,
    libraryId: filters.libraryId,
    checkedIn: filters.checkedIn === undefined ? undefined : String(filters.checkedIn),
    sort: filters.sort,
  };
}

export function useParticipants(meetingId: string, filters: ParticipantFilters = {}) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: [...participantsKey(meetingId), 'list', filters],
    queryFn: ({ signal }) =>
      coordinatorRequest(
        queryClient,
        `/meetings/${encodeURIComponent(meetingId)}/registrations`,
        participantListSchema,
        {
          query: queryOf(filters),
          signal,
        },
      ),
    placeholderData: (previous) => previous,
  });
}

/** The file's address: the browser downloads it with the session cookie (a GET needs no CSRF token). */
export function participantsCsvUrl(meetingId: string, filters: ParticipantFilters, locale: 'da' | 'en') {
  return apiUrl(`/meetings/${encodeURIComponent(meetingId)}/registrations.csv`, { ...queryOf(filters), locale });
}

export function useHeadcount(meetingId: string) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: [...participantsKey(meetingId), 'headcount'],
    queryFn: ({ signal }) =>
      coordinatorRequest(queryClient, `/meetings/${encodeURIComponent(meetingId)}/headcount`, headcountSchema, {
        signal,
      }),
  });
}

/** Any change to who has a seat: the lists, the headcount and the meeting's seats read again. */
function useParticipantMutation<Input>(meetingId: string, request: (input: Input) => { path: string; body: unknown }) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Input) => {
      const { path, body } = request(input);
      return coordinatorRequest(queryClient, path, participantSchema, { method: 'POST', body });
    },
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: participantsKey(meetingId) });
      void queryClient.invalidateQueries({ queryKey: coordinatorMeetingKey(meetingId) });
    },
  });
}

export const useAddParticipant = (meetingId: string) =>
  useParticipantMutation(meetingId, (participant: ParticipantAdd) => ({
    path: `/meetings/${encodeURIComponent(meetingId)}/registrations/manual`,
    body: participant,
  }));

export const useMoveParticipant = (meetingId: string) =>
  useParticipantMutation(meetingId, ({ id, move }: { id: string; move: ParticipantMove }) => ({
    path: `/registrations/${encodeURIComponent(id)}/move`,
    body: move,
  }));

export const useCancelParticipant = (meetingId: string) =>
  useParticipantMutation(meetingId, ({ id, notify }: { id: string; notify: boolean }) => ({
    path: `/registrations/${encodeURIComponent(id)}/cancel`,
    body: { notify },
  }));
