import {
  type Registration,
  type RegistrationUpdate,
  registrationSchema,
  registrationTokenHeader,
} from '@bok/shared/registrations';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import { registrationPath, registrationQueryOptions } from './get-registration';

export type UpdateRegistrationInput = {
  registrationId: string;
  token: string;
  /** Already checked with `registrationUpdateSchema`. */
  changes: RegistrationUpdate;
};

export function updateRegistration({ registrationId, token, changes }: UpdateRegistrationInput): Promise<Registration> {
  return apiRequest(registrationPath(registrationId), registrationSchema, {
    method: 'PATCH',
    body: changes,
    headers: { [registrationTokenHeader]: token },
  });
}

export function useUpdateRegistration() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateRegistration,
    onSuccess: (registration, { registrationId, token }) => {
      queryClient.setQueryData(registrationQueryOptions(registrationId, token).queryKey, registration);
    },
  });
}
