import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './database';
import { readMigrations } from './migrate';
import { seedDemoData } from './seed';

const dataDir = mkdtempSync(join(tmpdir(), 'bok-embedded-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const env = { DATA_DIR: dataDir, DATABASE_POOL_SIZE: 10, DATABASE_URL: undefined };

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
});
