import { spawn } from 'node:child_process';
import { once } from 'node:events';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mailboxListSchema } from '@bok/shared/emails';
import { meetingDetailSchema } from '@bok/shared/meetings';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app';
import { testConfig } from '../lib/config';
import { startEmailWorker } from '../modules/emails/emails.worker';
import { openDatabase } from './database';
import { startEmbeddedDatabase } from './embedded';
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
    // Two starts of PGlite (WebAssembly) with every migration and the seed: slow on a busy machine.
  }, 180_000);

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

/** Every file and folder under `root` (itself included) with its permission bits. */
function modes(root: string): Array<{ path: string; mode: number; directory: boolean }> {
  const entries = [{ path: root, mode: statSync(root).mode & 0o777, directory: true }];
  for (const entry of readdirSync(root, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    entries.push({ path, mode: statSync(path).mode & 0o777, directory: entry.isDirectory() });
  }
  return entries;
}

function readableByOthers(root: string) {
  return modes(root).filter((entry) => entry.mode !== (entry.directory ? 0o700 : 0o600));
}

describe('the embedded database on a machine with other users', () => {
  it('keeps its folder 0700 and its files 0600, and puts right a folder an earlier version left open', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bok-embedded-modes-'));
    const umaskBefore = process.umask();
    try {
      const first = await openDatabase({ ...env, DATA_DIR: dir }, { migrate: true });
      await first.close();
      expect(readableByOthers(dir)).toEqual([]);
      expect(modes(dir).length).toBeGreaterThan(100);

      // As written before: world-writable files.
      for (const entry of modes(dir)) chmodSync(entry.path, entry.directory ? 0o777 : 0o666);
      const second = await openDatabase({ ...env, DATA_DIR: dir }, { migrate: false });
      try {
        expect(readableByOthers(dir)).toEqual([]);
      } finally {
        await second.close();
      }
      // Once closed, the process's own umask is back as it was.
      expect(process.umask()).toBe(umaskBefore);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it('is reached over a Unix socket only this user can open, not a TCP port any local user can', async () => {
    const database = await openDatabase(env, { migrate: false });
    try {
      const url = new URL(database.url);
      const socketDir = url.searchParams.get('host')!;
      expect(socketDir).toMatch(/^\//);
      expect(url.port).toBe('');
      expect(statSync(socketDir).mode & 0o777).toBe(0o700);
      const [socket] = readdirSync(socketDir);
      expect(statSync(join(socketDir, socket!)).isSocket()).toBe(true);
      expect(statSync(join(socketDir, socket!)).mode & 0o777).toBe(0o600);
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      } finally {
        await client.end();
      }
    } finally {
      await database.close();
    }
    // Gone with the database.
    expect(existsSync(new URL(database.url).searchParams.get('host')!)).toBe(false);
  });

  it('refuses a second instance on the same data folder while the first is open', async () => {
    const database = await openDatabase(env, { migrate: false });
    try {
      await expect(openDatabase(env, { migrate: false })).rejects.toThrow(/already open in this process/);
    } finally {
      await database.close();
    }
    const again = await openDatabase(env, { migrate: false });
    await again.close();
  });

  it('waits for another process holding the folder, refuses when it keeps it, and takes over after a crash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bok-embedded-lock-'));
    const other = spawn('sleep', ['30']);
    try {
      writeFileSync(join(dir, 'embedded.lock'), String(other.pid));
      await expect(startEmbeddedDatabase(dir, { lockWaitMs: 300 })).rejects.toThrow(
        new RegExp(`already open in process ${other.pid}.*DATABASE_URL`, 's'),
      );
      other.kill('SIGKILL');
      await once(other, 'exit');
      // The holder is gone: its lock is stale.
      const database = await startEmbeddedDatabase(dir, { lockWaitMs: 300 });
      expect(readFileSync(join(dir, 'embedded.lock'), 'utf8')).toBe(String(process.pid));
      await database.close();
      expect(existsSync(join(dir, 'embedded.lock'))).toBe(false);
    } finally {
      other.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
    // A new cluster is unpacked on first start: slow on a busy machine.
  }, 180_000);
});
