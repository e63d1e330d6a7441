import { type Registration, registrationSchema, registrationTokenHeader } from '@bok/shared/registrations';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import { registrationPath, registrationQueryOptions } from './get-registration';

export type ConfirmRegistrationInput = { registrationId: string; token: string };

/** 200 with the registration; confirming again changes nothing. 409 `hold_expired` when the hold has ended. */
export function confirmRegistration({ registrationId, token }: ConfirmRegistrationInput): Promise<Registration> {
  return apiRequest(`${registrationPath(registrationId)}/confirm`, registrationSchema, {
    method: 'POST',
    headers: { [registrationTokenHeader]: token },
  });
}

export function useConfirmRegistration() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: confirmRegistration,
    onSuccess: (registration, { registrationId, token }) => {
      queryClient.setQueryData(registrationQueryOptions(registrationId, token).queryKey, registration);
    },
    // The hold ended meanwhile: the registration now reads as cancelled; ask the server.
    onError: (_error, { registrationId, token }) =>
      queryClient.invalidateQueries({ queryKey: registrationQueryOptions(registrationId, token).queryKey }),
  });
}
