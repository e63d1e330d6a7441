import { type Registration, registrationSchema, registrationTokenHeader } from '@bok/shared/registrations';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '@/lib/api-client';

export function registrationPath(registrationId: string): string {
  return `/registrations/${encodeURIComponent(registrationId)}`;
}

export function getRegistration(registrationId: string, token: string, signal?: AbortSignal): Promise<Registration> {
  return apiGet(registrationPath(registrationId), registrationSchema, {
    headers: { [registrationTokenHeader]: token },
    signal,
  });
}

// The token stays out of the query key: keys show up in devtools and error reports.
export function registrationQueryOptions(registrationId: string, token: string) {
  return queryOptions({
    queryKey: ['registrations', 'detail', registrationId],
    queryFn: ({ signal }) => getRegistration(registrationId, token, signal),
    // A waitlist position moves when others cancel; refresh when the registrant comes back to the tab.
    staleTime: 10_000,
  });
}

export function useRegistration(registrationId: string, token: string) {
  return useQuery(registrationQueryOptions(registrationId, token));
}
