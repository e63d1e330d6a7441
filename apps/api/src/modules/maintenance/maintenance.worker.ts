import type { FastifyBaseLogger } from 'fastify';
import type PgBoss from 'pg-boss';
import type { Database } from '../../db/prisma';
import { type AuthConfig, defaultAuthConfig } from '../../lib/config';
import { scheduleRecurringJob } from '../../lib/recurring-job';
import { purgeEndedSignInData } from '../auth/auth.service';
import { releaseAllExpiredHolds } from '../registrations/registrations.waitlist';
import { purgeExpiredIdempotencyKeys, purgeExpiredRateLimits } from './maintenance.service';

export const PURGE_IDEMPOTENCY_KEYS_QUEUE = 'purge-idempotency-keys';
export const PURGE_RATE_LIMITS_QUEUE = 'purge-rate-limits';
export const RELEASE_HOLDS_QUEUE = 'release-expired-holds';

export interface MaintenanceTuning {
  /** When expired Idempotency-Keys are purged, in Copenhagen time: once a day, at night. */
  purgeCron: string;
  /** When ended rate-limit windows are purged: often, since each is a minute and a row per client address. */
  rateLimitPurgeCron: string;
  /**
   * When places held for a confirmation that did not come are passed on, on meetings where nobody
   * registers or confirms meanwhile (those pass them on at once): every minute.
   */
  holdReleaseCron: string;
  /** A daily job can wait a minute to be picked up; polling less leaves PGlite's one connection alone. */
  pollingIntervalSeconds: number;
}

export const defaultMaintenanceTuning: MaintenanceTuning = {
  purgeCron: '30 3 * * *',
  rateLimitPurgeCron: '*/10 * * * *',
  holdReleaseCron: '* * * * *',
  pollingIntervalSeconds: 60,
};

export interface MaintenanceOptions {
  prisma: Database;
  /** Told the meetings whose seats changed, for their cached public reads. */
  onSeatsChanged?(meetingId: string): void;
  logger: Pick<FastifyBaseLogger, 'info' | 'debug' | 'error'>;
  tuning?: Partial<MaintenanceTuning>;
  /** For the idle timeout: sessions idle longer are purged. */
  auth?: AuthConfig;
}

/**
 * Schedules housekeeping on the app's job queue: the e-mail worker's pg-boss, which runs on the
 * pool under Prisma (PGlite has one connection: never a second pool or instance). Stopping that
 * queue stops these jobs too. Call after migrations.
 */
export async function startMaintenance(boss: PgBoss, options: MaintenanceOptions): Promise<void> {
  const tuning = { ...defaultMaintenanceTuning, ...options.tuning };
  const { prisma, logger } = options;

  // A daily purge; a missed day is made up for by the next.
  await scheduleRecurringJob(boss, {
    name: PURGE_IDEMPOTENCY_KEYS_QUEUE,
    cron: tuning.purgeCron,
    pollingIntervalSeconds: tuning.pollingIntervalSeconds,
    run: async () => {
      try {
        const purged = await purgeExpiredIdempotencyKeys(prisma, new Date());
        if (purged) logger.info({ purged }, 'expired idempotency keys purged');
        const signIn = await purgeEndedSignInData(prisma, options.auth ?? defaultAuthConfig, new Date());
        if (signIn.sessions + signIn.failures + signIn.resets)
          logger.info(signIn, 'ended sessions and old sign-in records purged');
      } catch (error) {
        logger.error({ err: error }, 'purging expired idempotency keys failed');
        throw error;
      }
    },
  });

  // Every ten minutes; the rows of one missed run are deleted by the next.
  await scheduleRecurringJob(boss, {
    name: PURGE_RATE_LIMITS_QUEUE,
    cron: tuning.rateLimitPurgeCron,
    pollingIntervalSeconds: tuning.pollingIntervalSeconds,
    run: async () => {
      try {
        const purged = await purgeExpiredRateLimits(prisma);
        if (purged) logger.debug({ purged }, 'ended rate-limit windows purged');
      } catch (error) {
        logger.error({ err: error }, 'purging ended rate-limit windows failed');
        throw error;
      }
    },
  });

  await scheduleRecurringJob(boss, {
    name: RELEASE_HOLDS_QUEUE,
    cron: tuning.holdReleaseCron,
    pollingIntervalSeconds: tuning.pollingIntervalSeconds,
    run: async () => {
      try {
        const { meetings, released } = await releaseAllExpiredHolds(prisma, new Date());
        for (const meetingId of meetings) options.onSeatsChanged?.(meetingId);
        if (released) logger.info({ released, meetings: meetings.length }, 'unconfirmed holds ended; places passed on');
      } catch (error) {
        logger.error({ err: error }, 'releasing ended holds failed');
        throw error;
      }
    },
  });
}
