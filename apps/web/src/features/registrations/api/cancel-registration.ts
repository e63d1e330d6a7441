import { registrationTokenHeader } from '@bok/shared/registrations';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { apiRequest } from '@/lib/api-client';
import { registrationPath, registrationQueryOptions } from './get-registration';

export type CancelRegistrationInput = { registrationId: string; token: string };

/** 204; cancelling a cancelled registration is also 204, so a retry is safe. */
export async function cancelRegistration({ registrationId, token }: CancelRegistrationInput): Promise<void> {
  await apiRequest(registrationPath(registrationId), z.undefined(), {
    method: 'DELETE',
    headers: { [registrationTokenHeader]: token },
  });
}

export function useCancelRegistration() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: cancelRegistration,
    // The registration now reads as cancelled; ask the server rather than guess.
    onSuccess: (_, { registrationId, token }) =>
      queryClient.invalidateQueries({ queryKey: registrationQueryOptions(registrationId, token).queryKey }),
  });
}
