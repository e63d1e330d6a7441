import { QueryClient } from '@tanstack/react-query';
import { ApiError } from '@/lib/api-client';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Network texts and meeting lists change a few times a year; a minute is plenty fresh.
        staleTime: 60_000,
        // A 4xx or a malformed answer will not improve by asking again; a dropped connection may.
        retry: (failureCount, error) => {
          if (error instanceof ApiError && (error.isClientError || error.kind === 'invalid_response')) return false;
          return failureCount < 2;
        },
      },
    },
  });
}
