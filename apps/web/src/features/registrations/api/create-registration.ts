import {
  idempotencyKeyHeader,
  type RegistrationCreated,
  type RegistrationCreateParsed,
  registrationCreatedSchema,
} from '@bok/shared/registrations';
import { useMutation } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';

export type CreateRegistrationInput = {
  /** The meeting's id or slug. */
  meetingId: string;
  /** Already checked with `registrationCreateSchema`. */
  registration: RegistrationCreateParsed;
  /** The same key for a retry of the same data, so the server registers once. */
  idempotencyKey: string;
};

/** 201 confirmed/waitlisted, or 202 already_registered: the body says which. */
export function createRegistration({
  meetingId,
  registration,
  idempotencyKey,
}: CreateRegistrationInput): Promise<RegistrationCreated> {
  return apiRequest(`/meetings/${encodeURIComponent(meetingId)}/registrations`, registrationCreatedSchema, {
    method: 'POST',
    body: registration,
    headers: { [idempotencyKeyHeader]: idempotencyKey },
  });
}

export function useCreateRegistration() {
  return useMutation({ mutationFn: createRegistration });
}
