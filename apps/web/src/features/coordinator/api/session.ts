import { csrfTokenHeader, type Login, type SessionState, sessionStateSchema } from '@bok/shared/auth';
import { type QueryClient, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { ApiError, apiRequest, type RequestOptions } from '@/lib/api-client';

/** The signed-in coordinator with the CSRF token, or null when nobody is signed in (401). */
export function sessionQueryOptions() {
  return queryOptions({
    queryKey: ['coordinator', 'session'],
    queryFn: async ({ signal }): Promise<SessionState | null> => {
      try {
        return await apiRequest('/auth/session', sessionStateSchema, { signal });
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 60_000,
    retry: false,
  });
}

export function useSession() {
  return useQuery(sessionQueryOptions());
}

/**
 * A request the dashboard makes with the session cookie: a change carries the CSRF token that
 * sign-in answered (the API refuses it otherwise). A 401 means the session has ended: the cached
 * session is dropped, and the dashboard shows the sign-in page.
 */
export async function coordinatorRequest<Schema extends z.ZodType>(
  queryClient: QueryClient,
  path: string,
  schema: Schema,
  options: RequestOptions = {},
): Promise<z.output<Schema>> {
  const session = queryClient.getQueryData(sessionQueryOptions().queryKey);
  const unsafe = options.method !== undefined && options.method !== 'GET';
  const headers = { ...options.headers, ...(unsafe && session ? { [csrfTokenHeader]: session.csrfToken } : {}) };
  try {
    return await apiRequest(path, schema, { ...options, headers });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401)
      queryClient.setQueryData(sessionQueryOptions().queryKey, null);
    throw error;
  }
}

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (login: Login) => apiRequest('/auth/login', sessionStateSchema, { method: 'POST', body: login }),
    onSuccess: (state) => {
      // A new session: whatever was cached for another one goes.
      queryClient.removeQueries({ queryKey: ['coordinator'] });
      queryClient.setQueryData(sessionQueryOptions().queryKey, state);
    },
  });
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => coordinatorRequest(queryClient, '/auth/logout', z.undefined(), { method: 'POST' }),
    onSettled: () => forgetSession(queryClient),
  });
}

/**
 * The session has ended: the dashboard shows the sign-in page at once, and nothing read with it
 * stays cached. The session entry is set, not removed, so the mounted gate sees the change.
 */
export function forgetSession(queryClient: QueryClient) {
  queryClient.setQueryData(sessionQueryOptions().queryKey, null);
  queryClient.removeQueries({
    queryKey: ['coordinator'],
    predicate: (query) => query.queryKey[1] !== sessionQueryOptions().queryKey[1],
  });
}
