import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { processAlive } from '../lib/process-alive';

export interface EmbeddedDatabase {
  url: string;
  close(): Promise<void>;
}

export interface EmbeddedOptions {
  /**
   * How long to wait for another process to let go of the data folder: `pnpm dev` restarting
   * starts the new server while the old one is still shutting down.
   */
  lockWaitMs?: number;
}

/** Data folders this process has open; the lock file's pid cannot tell them apart. */
const openHere = new Set<string>();

function lockHolder(file: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * One PGlite per data folder, ever: two would each think they own the files and corrupt them
 * (`npm start`, `pnpm dev` and `pnpm db:seed` all open `.data`). PGlite keeps no lock itself, so
 * a lock file holds the owner's pid; one whose process is gone (a crash) is taken over.
 */
async function lockDataDir(root: string, waitMs: number): Promise<() => void> {
  if (openHere.has(root)) throw new Error(`The embedded database in ${root} is already open in this process.`);
  const file = join(root, 'embedded.lock');
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx', mode: 0o600 });
      openHere.add(root);
      return () => {
        openHere.delete(root);
        rmSync(file, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = lockHolder(file);
    // Our own pid in it is left from an earlier run (a container restarts with the same pid).
    if (holder === undefined || holder === process.pid || !processAlive(holder)) {
      rmSync(file, { force: true });
      continue;
    }
    if (Date.now() >= deadline) {
      throw new Error(
        `The embedded database in ${root} is already open in process ${holder} (npm start or pnpm dev?). ` +
          `Stop that process, or set DATABASE_URL. If no such process runs, delete ${file}.`,
      );
    }
    await sleep(200);
  }
}

/** Folders 0700, files 0600: also what PGlite and earlier versions of the app left open (0666). */
function restrictToOwner(root: string) {
  chmodSync(root, 0o700);
  for (const entry of readdirSync(root, { withFileTypes: true, recursive: true })) {
    if (entry.isSymbolicLink()) continue;
    chmodSync(join(entry.parentPath, entry.name), entry.isDirectory() ? 0o700 : 0o600);
  }
}

/**
 * PGlite kept in `dataDir`, served over the Postgres wire protocol so the app talks to it exactly
 * as to a real server. PGlite has one backend: the pool in front of it must hold a single
 * connection, or transactions from different connections interleave.
 *
 * The data holds registrants' needs and the hashes of their manage links, and PGlite takes no
 * password: the files are the owner's only (umask 077 while PGlite writes, the files it unpacks
 * and those of earlier versions chmodded on start), and the server listens on a Unix socket in a private folder of its own
 * rather than a loopback port any local user could connect to.
 */
export async function startEmbeddedDatabase(dataDir: string, options: EmbeddedOptions = {}): Promise<EmbeddedDatabase> {
  const root = resolve(dataDir);
  mkdirSync(root, { recursive: true, mode: 0o700 });
  const unlock = await lockDataDir(root, options.lockWaitMs ?? 10_000);
  const previousUmask = process.umask(0o077);
  let socketDir: string | undefined;
  let db: PGlite | undefined;
  let server: PGLiteSocketServer | undefined;
  const release = async () => {
    await server?.stop();
    await db?.close();
    if (socketDir) rmSync(socketDir, { recursive: true, force: true });
    process.umask(previousUmask);
    unlock();
  };
  try {
    // The folder first: nobody else may even look inside while PGlite sets up.
    chmodSync(root, 0o700);
    const dir = join(root, 'pglite');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    db = await PGlite.create(dir);
    // PGlite unpacks a new cluster with modes of its own (0666), which the umask does not reach.
    restrictToOwner(root);
    // mkdtemp makes the folder 0700; the socket's name is the one libpq and node-postgres look for.
    socketDir = mkdtempSync(join(tmpdir(), 'bok-pglite-'));
    const socketPath = join(socketDir, '.s.PGSQL.5432');
    server = new PGLiteSocketServer({ db, path: socketPath, maxConnections: 4 });
    await server.start();
    chmodSync(socketPath, 0o600);
    return {
      url: `postgresql://postgres:postgres@localhost/postgres?host=${encodeURIComponent(socketDir)}&sslmode=disable`,
      close: release,
    };
  } catch (error) {
    await release();
    throw error;
  }
}
