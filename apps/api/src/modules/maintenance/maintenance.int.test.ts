import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { startTestEmailWorker } from '../../../test/email-worker';
import { useTestDatabase } from '../../../test/test-database';
import { purgeExpiredIdempotencyKeys } from './maintenance.service';
import { PURGE_IDEMPOTENCY_KEYS_QUEUE, PURGE_RATE_LIMITS_QUEUE, startMaintenance } from './maintenance.worker';

const HOUR = 60 * 60 * 1000;
const database = useTestDatabase();

/** Stored answers under fresh keys of a scope of their own, expiring at the given instants. */
async function storeAnswers(scope: string, expiries: Date[]) {
  await database().prisma.idempotencyKey.createMany({
    data: expiries.map((expiresAt) => ({
      scope,
      key: randomUUID(),
      requestHash: 'hash',
      responseStatus: 201,
      responseBody: { id: randomUUID() },
      createdAt: new Date(expiresAt.getTime() - 24 * HOUR),
      expiresAt,
    })),
  });
}

const expiriesIn = async (scope: string) =>
  (await database().prisma.idempotencyKey.findMany({ where: { scope }, orderBy: { expiresAt: 'asc' } })).map((row) =>
    row.expiresAt.toISOString(),
  );

describe('purging expired Idempotency-Keys', () => {
  it('deletes every answer expired by now, in batches, and keeps the live ones', async () => {
    const scope = `purge-${randomUUID()}`;
    const now = new Date();
    const live = [new Date(now.getTime() + 1), new Date(now.getTime() + 23 * HOUR)];
    const expired = [
      ...Array.from({ length: 5 }, (_, i) => new Date(now.getTime() - (i + 1) * HOUR)),
      now, // not replayed any more (findLive): expired
    ];
    await storeAnswers(scope, [...expired, ...live]);

    expect(await purgeExpiredIdempotencyKeys(database().prisma, now, 2)).toBe(expired.length);
    expect(await expiriesIn(scope)).toEqual(live.map((date) => date.toISOString()));
    expect(await purgeExpiredIdempotencyKeys(database().prisma, now, 2)).toBe(0);
  });

  it('runs daily at night on the e-mail worker’s job queue', async () => {
    const worker = await startTestEmailWorker(database());
    try {
      await startMaintenance(worker.queue, {
        prisma: database().prisma,
        logger: worker.logger,
        tuning: { pollingIntervalSeconds: 0.5 },
      });
      const { rows } = await database().pool.query<{ name: string; cron: string; timezone: string }>(
        'SELECT name, cron, timezone FROM pgboss.schedule WHERE name = $1',
        [PURGE_IDEMPOTENCY_KEYS_QUEUE],
      );
      expect(rows).toEqual([{ name: PURGE_IDEMPOTENCY_KEYS_QUEUE, cron: '30 3 * * *', timezone: 'Europe/Copenhagen' }]);
      // Rate-limit windows last a minute: their rows are purged every ten.
      const rateLimits = await database().pool.query<{ cron: string }>(
        'SELECT cron FROM pgboss.schedule WHERE name = $1',
        [PURGE_RATE_LIMITS_QUEUE],
      );
      expect(rateLimits.rows).toEqual([{ cron: '*/10 * * * *' }]);

      const scope = `scheduled-${randomUUID()}`;
      const tomorrow = new Date(Date.now() + 24 * HOUR);
      await storeAnswers(scope, [new Date(Date.now() - HOUR), tomorrow]);
      // What the schedule does at 03:30: send the job, which a worker then runs.
      await worker.queue.send(PURGE_IDEMPOTENCY_KEYS_QUEUE, {});
      for (let i = 0; i < 100 && (await expiriesIn(scope)).length > 1; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(await expiriesIn(scope)).toEqual([tomorrow.toISOString()]);
      expect(worker.logger.entries).toContainEqual(
        expect.objectContaining({ level: 'info', message: 'expired idempotency keys purged' }),
      );
    } finally {
      await worker.stop();
    }
  });
});
