import {
  type PasswordChange,
  recoveryCodesSchema,
  sessionListSchema,
  type TotpDisable,
  type TotpEnable,
  totpSetupSchema,
} from '@bok/shared/auth';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { coordinatorRequest, forgetSession, sessionQueryOptions } from './session';

const sessionsKey = ['coordinator', 'sessions'] as const;

/** Where the coordinator is signed in: this browser and any other. */
export function useSessions() {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: sessionsKey,
    queryFn: ({ signal }) => coordinatorRequest(queryClient, '/auth/sessions', sessionListSchema, { signal }),
  });
}

export function useEndSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (sessionId: string) =>
      coordinatorRequest(queryClient, `/auth/sessions/${encodeURIComponent(sessionId)}`, z.undefined(), {
        method: 'DELETE',
      }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: sessionsKey }),
  });
}

/** Every session ends, this one too: the dashboard goes back to the sign-in page. */
export function useSignOutEverywhere() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => coordinatorRequest(queryClient, '/auth/logout-all', z.undefined(), { method: 'POST' }),
    onSuccess: () => forgetSession(queryClient),
  });
}

/** The other sessions end with it; this one goes on. */
export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: PasswordChange) =>
      coordinatorRequest(queryClient, '/auth/password', z.undefined(), { method: 'POST', body: change }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sessionsKey }),
  });
}

/** The session knows whether two-factor sign-in is on; after a change it is read again. */
function useTotpMutation<Input, Schema extends z.ZodType>(path: string, schema: Schema) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Input) => coordinatorRequest(queryClient, path, schema, { method: 'POST', body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sessionQueryOptions().queryKey }),
  });
}

export const useTotpSetup = () =>
  useTotpMutation<undefined, typeof totpSetupSchema>('/auth/totp/setup', totpSetupSchema);
export const useTotpEnable = () =>
  useTotpMutation<TotpEnable, typeof recoveryCodesSchema>('/auth/totp/enable', recoveryCodesSchema);
export const useTotpDisable = () => useTotpMutation<TotpDisable, z.ZodUndefined>('/auth/totp/disable', z.undefined());
