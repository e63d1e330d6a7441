import { addCopenhagenDays, copenhagenDate } from '@bok/shared/time';
import type { Database } from '../../db/prisma';
import type { AppConfig } from '../../lib/config';
import { enqueueRegistrationEmails } from './emails.outbox';
import { emailsRepository } from './emails.repository';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Someone who got their seat this recently has just had an e-mail about it: the reminder waits. */
const QUIET_AFTER_SEAT_MS = DAY_MS;

/** Which reminder a registration is owed: one per meeting start, so a moved meeting is reminded again. */
export function reminderDedupeKey(registrationId: string, startsAt: Date): string {
  return `reminder:${registrationId}:${startsAt.toISOString()}`;
}

/**
 * Writes a reminder to the outbox for every confirmed registration of an open or closed meeting
 * whose Copenhagen date is at most `reminderDaysBefore` calendar days away (0 turns reminders
 * off). Safe to run as often as we like: each reminder has its dedupe key. Returns how many
 * registrations were due (including those reminded before).
 */
export async function enqueueDueReminders(db: Database, config: AppConfig, now: Date): Promise<number> {
  if (config.reminderDaysBefore <= 0) return 0;
  const lastDate = addCopenhagenDays(now, config.reminderDaysBefore);
  // A generous bound for the query; the Copenhagen calendar date decides.
  const bound = new Date(now.getTime() + (config.reminderDaysBefore + 2) * DAY_MS);
  const candidates = await emailsRepository(db).findConfirmedForUpcomingMeetings(now, bound);
  const due = candidates.filter((registration) => {
    const seatSince = registration.promotedAt ?? registration.createdAt;
    return (
      copenhagenDate(registration.meeting.startsAt) <= lastDate &&
      now.getTime() - seatSince.getTime() >= QUIET_AFTER_SEAT_MS
    );
  });
  // One statement for all of them; a registration cancelled since the read above is skipped.
  await enqueueRegistrationEmails(
    db,
    'meeting_reminder',
    due.map((registration) => ({
      registrationId: registration.id,
      dedupeKey: reminderDedupeKey(registration.id, registration.meeting.startsAt),
    })),
  );
  return due.length;
}
