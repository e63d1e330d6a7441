import { networkTimeZone } from '@bok/shared/time';
import type PgBoss from 'pg-boss';

/**
 * A job on a cron schedule in Copenhagen time, at most one run at a time. A run that fails or is
 * missed is not retried: the next tick does the same work.
 */
export async function scheduleRecurringJob(
  boss: PgBoss,
  job: { name: string; cron: string; pollingIntervalSeconds?: number; run: () => Promise<void> },
): Promise<void> {
  await boss.createQueue(job.name, { name: job.name, policy: 'singleton', retryLimit: 0, expireInSeconds: 15 * 60 });
  await boss.schedule(job.name, job.cron, {}, { tz: networkTimeZone });
  const workOptions =
    job.pollingIntervalSeconds === undefined ? {} : { pollingIntervalSeconds: job.pollingIntervalSeconds };
  await boss.work(job.name, workOptions, async () => job.run());
}
