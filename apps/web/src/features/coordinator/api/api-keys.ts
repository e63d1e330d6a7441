import { type ApiKeyCreate, apiKeyCreatedSchema, apiKeyListSchema } from '@bok/shared/api-keys';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { coordinatorRequest } from './session';

const apiKeysKey = ['coordinator', 'api-keys'] as const;

/** Newest first, revoked ones included. */
export function useApiKeys() {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: apiKeysKey,
    queryFn: ({ signal }) => coordinatorRequest(queryClient, '/api-keys', apiKeyListSchema, { signal }),
  });
}

/** The answer holds the key itself, the only time it is shown. */
export function useCreateApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (key: ApiKeyCreate) =>
      coordinatorRequest(queryClient, '/api-keys', apiKeyCreatedSchema, { method: 'POST', body: key }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiKeysKey }),
  });
}

export function useRevokeApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (keyId: string) =>
      coordinatorRequest(queryClient, `/api-keys/${encodeURIComponent(keyId)}`, z.undefined(), { method: 'DELETE' }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: apiKeysKey }),
  });
}
