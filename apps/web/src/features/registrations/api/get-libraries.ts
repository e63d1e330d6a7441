import { type LibraryList, libraryListSchema } from '@bok/shared/libraries';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '@/lib/api-client';

// Only the registration forms list libraries; should another feature need them, this moves to shared code.

export function getLibraries(signal?: AbortSignal): Promise<LibraryList> {
  return apiGet('/libraries', libraryListSchema, { signal });
}

export function librariesQueryOptions() {
  return queryOptions({
    queryKey: ['libraries'],
    queryFn: ({ signal }) => getLibraries(signal),
    // The region's libraries change perhaps once a year.
    staleTime: 60 * 60_000,
  });
}

export function useLibraries() {
  return useQuery(librariesQueryOptions());
}
