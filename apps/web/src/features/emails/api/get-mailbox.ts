import { type MailboxList, mailboxListSchema } from '@bok/shared/emails';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '@/lib/api-client';

export type MailboxParams = { to?: string | undefined };

/** The development mailbox (only without SMTP, outside production); 404 otherwise. */
export function getMailbox(params: MailboxParams, signal?: AbortSignal): Promise<MailboxList> {
  return apiGet('/mailbox', mailboxListSchema, { base: '/api/dev', query: { to: params.to, limit: 100 }, signal });
}

export function mailboxQueryOptions(params: MailboxParams) {
  return queryOptions({
    queryKey: ['emails', 'mailbox', params],
    queryFn: ({ signal }) => getMailbox(params, signal),
    // E-mails arrive as people register in another tab; a demo should see them without reloading.
    staleTime: 0,
    refetchInterval: 5_000,
    refetchIntervalInBackground: false,
  });
}

export function useMailbox(params: MailboxParams) {
  return useQuery(mailboxQueryOptions(params));
}
