import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mailboxListSchema } from '@bok/shared/emails';
import { meetingDetailSchema } from '@bok/shared/meetings';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app';
import { testConfig } from '../lib/config';
import { startEmailWorker } from '../modules/emails/emails.worker';
import { openDatabase } from './database';
import { readMigrations } from './migrate';
import { seedDemoData } from './seed';

const dataDir = mkdtempSync(join(tmpdir(), 'bok-embedded-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const env = { DATA_DIR: dataDir, DATABASE_POOL_SIZE: 10, DATABASE_URL: undefined };
const silent = { info() {}, warn() {}, error() {}, debug() {} };

describe('the embedded database (DATABASE_URL unset)', () => {
  it('migrates and seeds on first start, and keeps the data across restarts', async () => {
    const first = await openDatabase(env, { migrate: true });
    try {
      expect(first.embedded).toBe(true);
      expect(first.migrated).toEqual(readMigrations().map((migration) => migration.name));
      expect(await seedDemoData(first.prisma)).toEqual({ seeded: true });
      await first.prisma.library.update({ where: { slug: 'roskilde-bibliotek' }, data: { street: 'Changed 1' } });
    } finally {
      await first.close();
    }

    const second = await openDatabase(env, { migrate: true });
    try {
      expect(second.migrated).toEqual([]);
      expect(await seedDemoData(second.prisma)).toMatchObject({ seeded: false });
      const library = await second.prisma.library.findUniqueOrThrow({ where: { slug: 'roskilde-bibliotek' } });
      expect(library.street).toBe('Changed 1');
      expect(await second.prisma.meeting.count()).toBe(4);
    } finally {
      await second.close();
    }
  });

  it('takes concurrent registrations and runs the e-mail queue on its one connection', async () => {
    const database = await openDatabase(env, { migrate: true });
    const app = await buildApp({ prisma: database.prisma, config: { ...testConfig, devMailbox: true } });
    const worker = await startEmailWorker({
      prisma: database.prisma,
      pool: database.pool,
      config: testConfig,
      logger: silent,
    });
    try {
      const slug = 'design-thinking-i-praksis';
      await database.prisma.meeting.update({ where: { slug }, data: { capacity: 5 } });
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          app.inject({
            method: 'POST',
            url: `/api/v1/meetings/${slug}/registrations`,
            payload: {
              name: `Deltager ${index}`,
              email: `embedded-${index}@test.example`,
              libraryName: 'Testbiblioteket',
              consent: true,
            },
          }),
        ),
      );
      expect(answers.map((answer) => answer.statusCode)).toEqual(Array(20).fill(201));

      const meeting = meetingDetailSchema.parse((await app.inject({ url: `/api/v1/meetings/${slug}` })).json());
      expect(meeting.seats).toEqual({ capacity: 5, confirmed: 5, waitlisted: 15, available: 0 });
      const positions = answers.map((answer) => answer.json().waitlistPosition).filter((p) => p !== null);
      expect(positions.sort((a, b) => a - b)).toEqual(Array.from({ length: 15 }, (_, index) => index + 1));

      await worker.sweep();
      const mailbox = mailboxListSchema.parse(
        (await app.inject({ url: '/api/dev/mailbox?to=embedded-0@test.example' })).json(),
      );
      expect(mailbox.items).toHaveLength(1);
    } finally {
      await worker.stop();
      await app.close();
      await database.close();
    }
  });
});
