// The one place that changes a meeting: under its lock, with the rules of its seats, the
// promotions a change makes possible, and an audit entry of what changed.
import { fieldErrorCode } from '@bok/shared/errors';
import type { MeetingDetail, MeetingUpdate } from '@bok/shared/meetings';
import type { Database } from '../../db/prisma';
import { AppError, notFound } from '../../lib/app-error';
import type { Actor } from '../api-keys/api-keys.service';
import { auditRepository } from '../audit/audit.repository';
import { registrationsRepository } from '../registrations/registrations.repository';
import { transactionOptions } from '../registrations/registrations.rules';
import { promoteFromWaitlist } from '../registrations/registrations.waitlist';
import { toMeetingDetail } from './meetings.mapper';
import { type LockedMeeting, type MeetingSettingsChanges, meetingsRepository } from './meetings.repository';

export interface MeetingsWriteOptions {
  /** Told after a change has committed: cached public reads of the meeting are replaced then. */
  onMeetingChanged?(meetingId: string): void;
}

type Scalar = string | number | boolean | null;

const asScalar = (value: Date | Scalar | undefined): Scalar =>
  value instanceof Date ? value.toISOString() : (value ?? null);

function changesOf(patch: MeetingUpdate): MeetingSettingsChanges {
  const changes: MeetingSettingsChanges = {};
  if (patch.capacity !== undefined) changes.capacity = patch.capacity;
  if (patch.waitlistEnabled !== undefined) changes.waitlistEnabled = patch.waitlistEnabled;
  if (patch.confirmationRequired !== undefined) changes.confirmationRequired = patch.confirmationRequired;
  if (patch.holdMinutes !== undefined) changes.holdMinutes = patch.holdMinutes;
  if (patch.seatsPerLibrary !== undefined) changes.seatsPerLibrary = patch.seatsPerLibrary;
  if (patch.registrationOpensAt !== undefined)
    changes.registrationOpensAt = patch.registrationOpensAt === null ? null : new Date(patch.registrationOpensAt);
  if (patch.registrationClosesAt !== undefined)
    changes.registrationClosesAt = patch.registrationClosesAt === null ? null : new Date(patch.registrationClosesAt);
  return changes;
}

const fieldConflict = (field: string, code: string, message: string) =>
  new AppError('conflict', message, { fields: [{ field, code, message: code }] });

/** The rules a change must keep, checked against the meeting as it is under the lock. */
function assertChangeAllowed(meeting: LockedMeeting, changes: MeetingSettingsChanges, confirmed: number) {
  if (changes.capacity !== undefined && changes.capacity < confirmed) {
    throw fieldConflict(
      'capacity',
      fieldErrorCode.below_confirmed,
      `${confirmed} ${confirmed === 1 ? 'person has' : 'people have'} a seat: the capacity cannot be lower than that. ` +
        'Cancel registrations first, or choose a capacity of at least that.',
    );
  }
  const opens = changes.registrationOpensAt !== undefined ? changes.registrationOpensAt : meeting.registrationOpensAt;
  const closes =
    changes.registrationClosesAt !== undefined ? changes.registrationClosesAt : meeting.registrationClosesAt;
  if (opens && closes && closes <= opens) {
    throw new AppError('validation_failed', 'Registration must close after it opens.', {
      fields: [
        {
          field: changes.registrationClosesAt !== undefined ? 'registrationClosesAt' : 'registrationOpensAt',
          code: fieldErrorCode.closes_before_opens,
          message: fieldErrorCode.closes_before_opens,
        },
      ],
    });
  }
}

export function meetingsWriteService(db: Database, options: MeetingsWriteOptions = {}) {
  const repository = meetingsRepository(db);

  /** The meeting as the coordinator sees it: any status, drafts too. */
  async function detail(meetingId: string, now: Date): Promise<MeetingDetail> {
    const row = await repository.findByIdOrSlugWithAgenda(meetingId);
    if (!row) throw notFound('The meeting');
    const seats = await repository.countSeats([row.id]);
    return toMeetingDetail(row, seats.get(row.id)!, now);
  }

  return {
    /**
     * Changes a meeting's registration settings. Capacity may change at any time: raised, the new
     * seats go to the waitlist in order at once; below the seats already taken it is refused,
     * saying how many. A lower per-library cap takes no seat from anyone; it applies from now on.
     */
    async updateSettings(
      idOrSlug: string,
      patch: MeetingUpdate,
      actor: Actor,
      context: { ip: string | null; now: Date },
    ): Promise<MeetingDetail> {
      const meetingId = await repository.findId(idOrSlug);
      if (!meetingId) throw notFound('The meeting');
      const changes = changesOf(patch);
      await db
        .$transaction(async (tx) => {
          const meeting = await meetingsRepository(tx).lock(meetingId);
          if (!meeting) throw notFound('The meeting');
          const { confirmed } = await registrationsRepository(tx).countWaitlist(meetingId);
          assertChangeAllowed(meeting, changes, confirmed);

          const changed = (Object.keys(changes) as Array<keyof MeetingSettingsChanges>).filter(
            (field) => asScalar(changes[field]) !== asScalar(meeting[field]),
          );
          if (changed.length === 0) return;
          await meetingsRepository(tx).updateSettings(meetingId, changes);
          await auditRepository(tx).record({
            actorType: actor.type,
            actorId: actor.id,
            action: 'meeting.updated',
            entityType: 'meeting',
            entityId: meetingId,
            // Settings, not personal data: before and after in full.
            data: {
              fields: changed,
              ...Object.fromEntries(changed.map((field) => [`${field}.before`, asScalar(meeting[field])])),
              ...Object.fromEntries(changed.map((field) => [`${field}.after`, asScalar(changes[field])])),
            },
            ip: context.ip,
            at: context.now,
          });
          // More seats, or a looser cap: the waitlist moves up now, in order.
          await promoteFromWaitlist(tx, meetingId, context.now);
        }, transactionOptions)
        .finally(() => options.onMeetingChanged?.(meetingId));
      return detail(meetingId, context.now);
    },
  };
}
