import type { AgendaReplace } from '@bok/shared/agenda';
import {
  type MeetingCreate,
  type MeetingDetail,
  type MeetingStatusChange,
  type MeetingUpdate,
  meetingDetailSchema,
  meetingPageSchema,
} from '@bok/shared/meetings';
import { type QuestionsReplace, questionListSchema } from '@bok/shared/questions';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { coordinatorRequest } from './session';

const meetingsKey = ['coordinator', 'meetings'] as const;

export function useCoordinatorMeetings() {
  const queryClient = useQueryClient();
  return useQuery(
    queryOptions({
      queryKey: [...meetingsKey, 'list'],
      queryFn: ({ signal }) =>
        coordinatorRequest(queryClient, '/coordinator/meetings', meetingPageSchema, {
          query: { pageSize: 100 },
          signal,
        }),
    }),
  );
}

export function coordinatorMeetingKey(meetingId: string) {
  return [...meetingsKey, 'detail', meetingId] as const;
}

export function useCoordinatorMeeting(meetingId: string) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: coordinatorMeetingKey(meetingId),
    queryFn: ({ signal }) =>
      coordinatorRequest(queryClient, `/coordinator/meetings/${encodeURIComponent(meetingId)}`, meetingDetailSchema, {
        signal,
      }),
  });
}

/** After a change the server's answer is the meeting; the list and the public pages read again. */
function useMeetingMutation<Input>(
  request: (input: Input) => { path: string; method: 'POST' | 'PATCH' | 'PUT'; body: unknown },
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Input) => {
      const { path, method, body } = request(input);
      return coordinatorRequest(queryClient, path, meetingDetailSchema, { method, body });
    },
    onSuccess: (meeting: MeetingDetail) => {
      queryClient.setQueryData(coordinatorMeetingKey(meeting.id), meeting);
      void queryClient.invalidateQueries({ queryKey: [...meetingsKey, 'list'] });
      void queryClient.invalidateQueries({ queryKey: ['meetings'] });
      void queryClient.invalidateQueries({ queryKey: ['network'] });
    },
  });
}

export const useCreateMeeting = () =>
  useMeetingMutation((meeting: MeetingCreate) => ({ path: '/meetings', method: 'POST', body: meeting }));

export const useUpdateMeeting = () =>
  useMeetingMutation(({ meetingId, changes }: { meetingId: string; changes: MeetingUpdate }) => ({
    path: `/meetings/${meetingId}`,
    method: 'PATCH',
    body: changes,
  }));

export const useChangeMeetingStatus = () =>
  useMeetingMutation(({ meetingId, change }: { meetingId: string; change: MeetingStatusChange }) => ({
    path: `/meetings/${meetingId}/status`,
    method: 'POST',
    body: change,
  }));

export const useReplaceAgenda = () =>
  useMeetingMutation(({ meetingId, agenda }: { meetingId: string; agenda: AgendaReplace }) => ({
    path: `/meetings/${meetingId}/agenda`,
    method: 'PUT',
    body: agenda,
  }));

export const useDuplicateMeeting = () =>
  useMeetingMutation(({ meetingId, startsAt }: { meetingId: string; startsAt: string }) => ({
    path: `/meetings/${meetingId}/duplicate`,
    method: 'POST',
    body: { startsAt },
  }));

/** Only a draft can go; anything the public has seen is cancelled instead (the API answers 409). */
export function useDeleteMeeting() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (meetingId: string) =>
      coordinatorRequest(queryClient, `/meetings/${encodeURIComponent(meetingId)}`, z.undefined(), {
        method: 'DELETE',
      }),
    onSuccess: (_nothing, meetingId) => {
      queryClient.removeQueries({ queryKey: coordinatorMeetingKey(meetingId) });
      void queryClient.invalidateQueries({ queryKey: [...meetingsKey, 'list'] });
    },
  });
}

/** The meeting's own questions, replaced as a whole; the meeting is read again (its page shows them). */
export function useReplaceQuestions(meetingId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (questions: QuestionsReplace) =>
      coordinatorRequest(queryClient, `/meetings/${encodeURIComponent(meetingId)}/questions`, questionListSchema, {
        method: 'PUT',
        body: questions,
      }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: coordinatorMeetingKey(meetingId) });
      void queryClient.invalidateQueries({ queryKey: ['meetings'] });
    },
  });
}
