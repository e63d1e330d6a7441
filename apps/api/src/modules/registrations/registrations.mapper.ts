import type { Answers } from '@bok/shared/questions';
import type { Registration } from '@bok/shared/registrations';
import type { RegistrationRow } from './registrations.repository';

/** The stored answers (JSON), or none. */
export function answersOf(stored: unknown): Answers {
  return stored && typeof stored === 'object' && !Array.isArray(stored) ? (stored as Answers) : {};
}

// Database rows never reach the client. The manage-token hash, member link and check-in stay inside.

export function toRegistration(row: RegistrationRow): Registration {
  return {
    id: row.id,
    meetingId: row.meetingId,
    status: row.status,
    waitlistPosition: row.waitlistPosition,
    name: row.name,
    email: row.email,
    libraryId: row.libraryId,
    libraryName: row.libraryName,
    jobTitle: row.jobTitle,
    dietaryNeeds: row.dietaryNeeds,
    accessibilityNeeds: row.accessibilityNeeds,
    comment: row.comment,
    answers: answersOf(row.answers),
    locale: row.locale,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    cancelledAt: row.cancelledAt?.toISOString() ?? null,
    holdExpiresAt: row.holdExpiresAt?.toISOString() ?? null,
    emailConfirmedAt: row.emailConfirmedAt?.toISOString() ?? null,
  };
}
