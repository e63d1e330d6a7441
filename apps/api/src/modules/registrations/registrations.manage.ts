// What a registrant does through the manage link: look, change, cancel, and confirm a held place.
import { isUuid } from '@bok/shared/common';
import type { Registration, RegistrationUpdate } from '@bok/shared/registrations';
import type { Database } from '../../db/prisma';
import { AppError, notFound } from '../../lib/app-error';
import { hashToken, tokenMatches } from '../../lib/manage-token';
import { enqueueEmails } from '../emails/emails.outbox';
import { questionsRepository } from '../questions/questions.repository';
import { toRegistration } from './registrations.mapper';
import {
  type RegistrationChanges,
  type RegistrationWithMeeting,
  registrationsRepository,
} from './registrations.repository';
import {
  assertNotTakenPlace,
  cancellationEmail,
  checkedAnswers,
  libraryRequired,
  manageLinkExpired,
  placeEmail,
  type RequestContext,
  transactionOptions,
  unknownLibrary,
} from './registrations.rules';
import { promoteFromWaitlist, releaseExpiredHolds } from './registrations.waitlist';

/** Compared against when there is no registration, so an unknown id costs the same as a wrong token. */
const absentTokenHash = hashToken('no registration has this token');

const holdExpired = () =>
  new AppError(
    'hold_expired',
    'The place was held until a time that has passed without confirmation, and has gone on. Register again.',
  );

/** The manage link's PATCH as the columns it changes: a library from the list clears a free-text one, and vice versa. */
function changesOf(patch: RegistrationUpdate): RegistrationChanges {
  const changes: RegistrationChanges = {};
  if (patch.jobTitle !== undefined) changes.jobTitle = patch.jobTitle;
  if (patch.dietaryNeeds !== undefined) changes.dietaryNeeds = patch.dietaryNeeds;
  if (patch.accessibilityNeeds !== undefined) changes.accessibilityNeeds = patch.accessibilityNeeds;
  if (patch.comment !== undefined) changes.comment = patch.comment;
  if (patch.locale !== undefined) changes.locale = patch.locale;
  if (patch.libraryId !== undefined) changes.libraryId = patch.libraryId;
  if (patch.libraryName !== undefined) changes.libraryName = patch.libraryName;
  if (patch.libraryId && patch.libraryName === undefined) changes.libraryName = null;
  if (patch.libraryName && patch.libraryId === undefined) changes.libraryId = null;
  return changes;
}

export function manageService(db: Database, options: { onSeatsChanged?(meetingId: string): void } = {}) {
  const repository = registrationsRepository(db);

  /**
   * The registration behind a manage link. Anything wrong is the same 404: an unknown or malformed
   * id, a wrong or missing token, and a link that has run out (see manageLinkDaysAfterMeeting).
   */
  async function authorize(id: string, token: string | undefined, now: Date): Promise<RegistrationWithMeeting> {
    const row = isUuid(id) && token ? await repository.findByIdWithMeeting(id) : null;
    const matches = tokenMatches(token ?? '', row?.manageTokenHash ?? absentTokenHash);
    if (!row || !matches || manageLinkExpired(row.meeting, now)) throw notFound('The registration');
    return row;
  }

  return {
    async get(id: string, token: string | undefined, context: RequestContext = {}): Promise<Registration> {
      return toRegistration(await authorize(id, token, context.now ?? new Date()));
    },

    /**
     * Needs, comment, library, job title, language. Seats are not touched, so the registration's
     * row is locked rather than the meeting: the rules are checked on the row as the write finds it.
     * (A library changed later does not move a seat already held under a per-library cap.)
     */
    async update(
      id: string,
      token: string | undefined,
      patch: RegistrationUpdate,
      context: RequestContext = {},
    ): Promise<Registration> {
      const now = context.now ?? new Date();
      await authorize(id, token, now);
      const changes = changesOf(patch);

      const updated = await db.$transaction(async (tx) => {
        const repository = registrationsRepository(tx);
        // Read under the row lock: another change (a PATCH, a cancellation) has committed, and none
        // can land between these checks and the write.
        const current = await repository.lockByIdWithMeeting(id);
        if (!current) throw notFound('The registration');
        if (current.status === 'cancelled') throw new AppError('conflict', 'The registration is cancelled.');
        assertNotTakenPlace(current.meeting, now);
        if (patch.libraryId && !(await repository.libraryExists(patch.libraryId))) throw unknownLibrary();
        const libraryId = changes.libraryId !== undefined ? changes.libraryId : current.libraryId;
        const libraryName = changes.libraryName !== undefined ? changes.libraryName : current.libraryName;
        if (!libraryId && !libraryName) throw libraryRequired();
        // The answers are sent whole, and checked as on the form.
        if (patch.answers !== undefined)
          changes.answers = checkedAnswers(await questionsRepository(tx).list(current.meetingId), patch.answers);

        const row = await repository.update(id, changes);
        await repository.createAuditEntry({
          actorType: 'registrant',
          action: 'registration.updated',
          entityId: id,
          // Field names only: the values (health, diet) stay in the registration.
          data: { fields: Object.keys(changes) },
          ip: context.ip ?? null,
        });
        return row;
      }, transactionOptions);
      return toRegistration(updated);
    },

    /**
     * Confirms a place held for confirmation (a meeting that asks for it): the hold becomes the
     * registrant's, and the e-mail of that place goes out (the seat with its invitation, or the
     * waitlist place). Confirming twice changes nothing. After the hold has ended: 409 hold_expired.
     */
    async confirm(id: string, token: string | undefined, context: RequestContext = {}): Promise<Registration> {
      const now = context.now ?? new Date();
      const row = await authorize(id, token, now);
      const unconfirmed = row.holdExpiresAt !== null && row.emailConfirmedAt === null;
      if (!unconfirmed) return toRegistration(row);

      const confirmed = await db
        .$transaction(async (tx) => {
          const repository = registrationsRepository(tx);
          // Under the meeting lock, and after its ended holds are released: this one, too, if it has.
          await releaseExpiredHolds(tx, row.meetingId, now);
          const current = await repository.findById(id);
          if (!current) throw notFound('The registration');
          if (current.status === 'cancelled') {
            if (current.holdExpiresAt && !current.emailConfirmedAt) throw holdExpired();
            throw new AppError('conflict', 'The registration is cancelled.');
          }
          if (current.holdExpiresAt === null) return current;
          assertNotTakenPlace(row.meeting, now);
          const updated = await repository.confirmEmail(id, now);
          await enqueueEmails(tx, [placeEmail({ ...updated, status: current.status })]);
          await repository.createAuditEntry({
            actorType: 'registrant',
            action: 'registration.email_confirmed',
            entityId: id,
            data: { meetingId: row.meetingId, status: current.status, waitlistPosition: current.waitlistPosition },
            ip: context.ip ?? null,
          });
          return updated;
        }, transactionOptions)
        .finally(() => options.onSeatsChanged?.(row.meetingId));
      return toRegistration(confirmed);
    },

    /**
     * Cancels a registration and, in the same transaction, gives its seat to the waitlist. Cancelling
     * a cancelled registration succeeds and changes nothing: DELETE is idempotent, so a double click
     * or a retry after a lost answer is not an error (and writes no second e-mail).
     */
    async cancel(id: string, token: string | undefined, context: RequestContext = {}): Promise<void> {
      const now = context.now ?? new Date();
      const row = await authorize(id, token, now);
      if (row.status === 'cancelled') return;

      await db
        .$transaction(async (tx) => {
          const repository = registrationsRepository(tx);
          const meeting = await repository.lockMeeting(row.meetingId);
          // Read again under the lock: a concurrent cancel or a promotion may have changed it.
          const current = await repository.findById(id);
          if (!meeting || !current || current.status === 'cancelled') return;
          assertNotTakenPlace(meeting, now);
          await repository.cancel(id, now);
          await enqueueEmails(tx, [cancellationEmail(current)]);
          await repository.createAuditEntry({
            actorType: 'registrant',
            action: 'registration.cancelled',
            entityId: id,
            data: {
              meetingId: row.meetingId,
              previousStatus: current.status,
              waitlistPosition: current.waitlistPosition,
            },
            ip: context.ip ?? null,
          });
          // A freed seat goes to the waitlist; a freed waitlist place closes up. Both happen here.
          await promoteFromWaitlist(tx, row.meetingId, now);
        }, transactionOptions)
        .finally(() => options.onSeatsChanged?.(row.meetingId));
    },
  };
}
