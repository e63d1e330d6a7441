import PgBoss from 'pg-boss';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/test-database';
import { ensureQueue } from './recurring-job';

const databases: TestDatabase[] = [];
afterAll(async () => {
  for (const database of databases) await database.close();
});

describe('ensureQueue', () => {
  it('lets instances that start together on a fresh database all make their queues', async () => {
    // Several rounds: a deadlock between two creators is a matter of timing.
    for (let round = 0; round < 2; round++) {
      const database = await createTestDatabase(8);
      databases.push(database);
      const bosses = Array.from(
        { length: 4 },
        () =>
          new PgBoss({ db: { executeSql: (text: string, values: unknown[]) => database.pool.query(text, values) } }),
      );
      for (const boss of bosses) boss.on('error', () => {});
      await Promise.all(bosses.map((boss) => boss.start()));
      const names = ['deliver-emails', 'send-reminders', 'purge-idempotency-keys', 'release-expired-holds'];
      const results = await Promise.allSettled(
        bosses.flatMap((boss) => names.map((name) => ensureQueue(boss, name, { name, policy: 'standard' }))),
      );
      expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
      const queues = await bosses[0]!.getQueues();
      expect(
        queues
          .map((queue) => queue.name)
          .filter((name) => !name.startsWith('__pgboss'))
          .sort(),
      ).toEqual([...names].sort());
      await Promise.all(bosses.map((boss) => boss.stop({ graceful: false, wait: true })));
    }
  }, 120_000);
});
