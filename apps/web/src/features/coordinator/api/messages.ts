import { type MessageCreate, messageListSchema, messagePreviewSchema, messageSchema } from '@bok/shared/messages';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { coordinatorRequest } from './session';

const messagesKey = (meetingId: string) => ['coordinator', 'messages', meetingId] as const;
const path = (meetingId: string) => `/meetings/${encodeURIComponent(meetingId)}/messages`;

export function useMessages(meetingId: string) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: messagesKey(meetingId),
    queryFn: ({ signal }) => coordinatorRequest(queryClient, path(meetingId), messageListSchema, { signal }),
  });
}

/** Nothing is sent: how many it would reach, and the e-mail as it would read. */
export function usePreviewMessage(meetingId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (message: MessageCreate) =>
      coordinatorRequest(queryClient, `${path(meetingId)}/preview`, messagePreviewSchema, {
        method: 'POST',
        body: message,
      }),
  });
}

export function useSendMessage(meetingId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (message: MessageCreate) =>
      coordinatorRequest(queryClient, path(meetingId), messageSchema, { method: 'POST', body: message }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: messagesKey(meetingId) }),
  });
}
