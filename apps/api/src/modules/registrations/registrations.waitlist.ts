// How places move once taken: a freed seat goes to the waitlist in order, and a hold that was not
// confirmed in time ends and frees its place. Both run under the meeting lock, from any transaction.
import type { Database, Transaction } from '../../db/prisma';
import { enqueueEmails } from '../emails/emails.outbox';
import { registrationsRepository, type WaitlistedRegistration } from './registrations.repository';
import {
  countByLibrary,
  libraryKeyOf,
  promotionEmail,
  promotionsAllowed,
  transactionOptions,
} from './registrations.rules';

/** Meetings whose ended holds one maintenance run releases at most (the next run takes the rest). */
const meetingsPerHoldSweep = 100;

/**
 * Fills free seats from the waitlist, first come first served, and closes up the positions. When
 * the meeting caps seats per library, someone whose library has its seats is passed over (and
 * keeps their place) for the next. Shared by cancellation, ended holds and the coordinator's
 * capacity increase, which is why it promotes as many as fit rather than one. Locks the meeting
 * itself (a no-op when the caller holds the lock), so it is safe to call from any transaction.
 * Returns the promoted registrations' ids in order.
 */
export async function promoteFromWaitlist(
  tx: Transaction,
  meetingId: string,
  now: Date = new Date(),
): Promise<string[]> {
  const repository = registrationsRepository(tx);
  const meeting = await repository.lockMeeting(meetingId);
  if (!meeting) return [];
  const next: WaitlistedRegistration[] = [];
  if (promotionsAllowed(meeting, now)) {
    const counts = await repository.countWaitlist(meetingId);
    const free = meeting.capacity - counts.confirmed;
    if (free > 0 && counts.waitlisted > 0) {
      const cap = meeting.seatsPerLibrary;
      if (cap === null) {
        next.push(...(await repository.findWaitlist(meetingId, free)));
      } else {
        const seats = countByLibrary(await repository.findSeatLibraries(meetingId));
        for (const waiting of await repository.findWaitlist(meetingId)) {
          if (next.length === free) break;
          const key = libraryKeyOf(waiting);
          const held = seats.get(key) ?? 0;
          if (held >= cap) continue;
          seats.set(key, held + 1);
          next.push(waiting);
        }
      }
    }
  }
  if (next.length) {
    await repository.confirmMany(
      next.map((row) => row.id),
      now,
    );
    // Someone who has not confirmed their address yet is told nothing more until they do; the
    // e-mail of their confirmation then tells the seat.
    await enqueueEmails(tx, next.filter((row) => row.holdExpiresAt === null).map(promotionEmail));
    await repository.createAuditEntries(
      next.map((row) => ({
        actorType: 'system',
        action: 'registration.promoted',
        entityId: row.id,
        data: { meetingId, fromPosition: row.waitlistPosition },
      })),
    );
  }
  await repository.compactWaitlist(meetingId);
  return next.map((row) => row.id);
}

/**
 * Ends the meeting's holds that were not confirmed by `now` and passes their places on: seats to
 * the waitlist in order, waitlist places by closing up. Takes the meeting lock. Nothing is e-mailed
 * to the address: it was never confirmed. Returns how many holds ended.
 */
export async function releaseExpiredHolds(tx: Transaction, meetingId: string, now: Date): Promise<number> {
  const repository = registrationsRepository(tx);
  const meeting = await repository.lockMeeting(meetingId);
  if (!meeting) return 0;
  const released = await repository.cancelExpiredHolds(meetingId, now);
  if (released.length === 0) return 0;
  await repository.createAuditEntries(
    released.map((hold) => ({
      actorType: 'system',
      action: 'registration.hold_expired',
      entityId: hold.id,
      data: { meetingId, previousStatus: hold.previousStatus, waitlistPosition: hold.waitlistPosition },
    })),
  );
  await promoteFromWaitlist(tx, meetingId, now);
  return released.length;
}

/**
 * The maintenance sweep: releases every ended hold, a transaction per meeting, for meetings where
 * nobody has registered or confirmed since (those release them as they go). Returns the meetings
 * whose seats changed, for their cached public reads.
 */
export async function releaseAllExpiredHolds(
  db: Database,
  now: Date,
): Promise<{ meetings: string[]; released: number }> {
  const meetingIds = await registrationsRepository(db).findMeetingsWithExpiredHolds(now, meetingsPerHoldSweep);
  let released = 0;
  for (const meetingId of meetingIds) {
    released += await db.$transaction((tx) => releaseExpiredHolds(tx, meetingId, now), transactionOptions);
  }
  return { meetings: meetingIds, released };
}
