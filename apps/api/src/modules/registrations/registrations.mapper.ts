import type { Registration } from '@bok/shared/registrations';
import type { RegistrationRow } from './registrations.repository';

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
    locale: row.locale,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    cancelledAt: row.cancelledAt?.toISOString() ?? null,
    holdExpiresAt: row.holdExpiresAt?.toISOString() ?? null,
    emailConfirmedAt: row.emailConfirmedAt?.toISOString() ?? null,
  };
}
