import { networkTimeZone } from '@bok/shared/time';
import type PgBoss from 'pg-boss';

/** PostgreSQL's codes for a transaction it aborted to let another go first. */
const retryableCodes = new Set(['40P01', '40001']);

/**
 * Creates a pg-boss queue unless it exists. Instances starting together on a fresh database each
 * create the queues (a row and a partition table apiece), and PostgreSQL may abort one of them as
 * a deadlock: that one simply tries again, and then finds the queue made.
 */
export async function ensureQueue(boss: PgBoss, name: string, options: PgBoss.Queue): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    if (await boss.getQueue(name)) return;
    try {
      await boss.createQueue(name, options);
      return;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (attempt >= 5 || typeof code !== 'string' || !retryableCodes.has(code)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt + Math.random() * 100));
    }
  }
}

/**
 * A job on a cron schedule in Copenhagen time, at most one run at a time. A run that fails or is
 * missed is not retried: the next tick does the same work.
 */
export async function scheduleRecurringJob(
  boss: PgBoss,
  job: { name: string; cron: string; pollingIntervalSeconds?: number; run: () => Promise<void> },
): Promise<void> {
  await ensureQueue(boss, job.name, { name: job.name, policy: 'singleton', retryLimit: 0, expireInSeconds: 15 * 60 });
  await boss.schedule(job.name, job.cron, {}, { tz: networkTimeZone });
  const workOptions =
    job.pollingIntervalSeconds === undefined ? {} : { pollingIntervalSeconds: job.pollingIntervalSeconds };
  await boss.work(job.name, workOptions, async () => job.run());
}
