import { type MailboxMessage, mailboxMessageSchema } from '@bok/shared/emails';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '@/lib/api-client';

export function getMailboxMessage(id: string, signal?: AbortSignal): Promise<MailboxMessage> {
  return apiGet(`/mailbox/${encodeURIComponent(id)}`, mailboxMessageSchema, { base: '/api/dev', signal });
}

export function mailboxMessageQueryOptions(id: string) {
  return queryOptions({
    queryKey: ['emails', 'message', id],
    queryFn: ({ signal }) => getMailboxMessage(id, signal),
    // Only its delivery status changes; the text never does.
    staleTime: 30_000,
  });
}

export function useMailboxMessage(id: string) {
  return useQuery(mailboxMessageQueryOptions(id));
}
