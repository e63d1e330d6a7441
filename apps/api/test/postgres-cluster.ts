// A PostgreSQL cluster of a test's own (initdb on a free port), which the test may stop, start and
// restart: the shared server on 5432 is other people's and is never touched.
import { execFile, execFileSync } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { migrate } from '../src/db/migrate';
import { processAlive } from '../src/lib/process-alive';
import { freePort } from './http-client';

const run = promisify(execFile);
const prefix = 'bok-pg-';

/** Where initdb, pg_ctl and postgres are: pg_config's bindir, else Debian's newest /usr/lib/postgresql/<n>/bin. */
function findBinDir(): string | undefined {
  const candidates: string[] = [];
  try {
    candidates.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: 'pipe' }).trim());
  } catch {
    // no pg_config on PATH
  }
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((name) => /^\d+$/.test(name))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((version) => join(debian, version, 'bin')));
  }
  return candidates.find((dir) => ['initdb', 'pg_ctl', 'postgres'].every((tool) => existsSync(join(dir, tool))));
}

/** initdb refuses to run as root: then the cluster belongs to the `postgres` user and runs as it. */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('postgres:'));
  if (!line) throw new Error('Running as root, but there is no `postgres` user to own a PostgreSQL cluster.');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

const binDir = findBinDir();

/** Why the cluster tests cannot run here, or undefined when they can. */
export const clusterUnavailableReason: string | undefined = binDir
  ? undefined
  : 'PostgreSQL server binaries (initdb, pg_ctl, postgres) not found: install postgresql, or put pg_config on PATH';

/** Clusters whose test process was killed before it could stop them: stop and remove them now. */
function removeAbandonedClusters(): void {
  for (const name of readdirSync(tmpdir())) {
    const pid = Number(new RegExp(`^${prefix}(\\d+)-`).exec(name)?.[1]);
    if (!Number.isInteger(pid) || processAlive(pid)) continue;
    const dir = join(tmpdir(), name);
    stopSync(dir);
    rmSync(dir, { recursive: true, force: true });
  }
}

function command(user: ReturnType<typeof serverUser>, tool: string, args: string[]): [string, string[]] {
  const binary = join(binDir!, tool);
  return user ? ['runuser', ['-u', 'postgres', '--', binary, ...args]] : [binary, args];
}

function stopSync(dir: string): void {
  const data = join(dir, 'data');
  if (!existsSync(join(data, 'postmaster.pid'))) return;
  try {
    const [file, args] = command(serverUser(), 'pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w', '-t', '20']);
    execFileSync(file, args, { stdio: 'ignore', timeout: 30_000 });
  } catch {
    // already stopped
  }
}

const live = new Set<string>();
// A test run that ends without its afterAll (an error in a hook, a worker torn down) still stops them.
process.once('exit', () => {
  for (const dir of live) {
    stopSync(dir);
    rmSync(dir, { recursive: true, force: true });
  }
});

export interface PostgresCluster {
  port: number;
  /** The URL of a database on this cluster (as the superuser `postgres`, trust authentication). */
  url(database: string): string;
  /** Creates a database and applies the migrations to it; returns its URL. */
  createDatabase(name: string): Promise<string>;
  start(): Promise<void>;
  /** `fast` ends sessions and checkpoints, as a service restart does; `immediate` is a crash. */
  stop(mode?: 'smart' | 'fast' | 'immediate'): Promise<void>;
  restart(mode?: 'smart' | 'fast' | 'immediate'): Promise<void>;
  /** The server's log, for a failing test's message. */
  log(): string;
  /** Stops the server (immediately) and deletes its files. */
  remove(): Promise<void>;
}

export async function createPostgresCluster(): Promise<PostgresCluster> {
  if (!binDir) throw new Error(clusterUnavailableReason);
  removeAbandonedClusters();
  const user = serverUser();
  const dir = mkdtempSync(join(tmpdir(), `${prefix}${process.pid}-`));
  live.add(dir);
  if (user) chownSync(dir, user.uid, user.gid);
  const data = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  const pgCtl = async (args: string[]) => {
    const [file, fullArgs] = command(user, 'pg_ctl', args);
    await run(file, fullArgs, { timeout: 60_000 });
  };

  try {
    const [file, args] = command(user, 'initdb', [
      '-D',
      data,
      '-U',
      'postgres',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
    ]);
    await run(file, args, { timeout: 120_000 });
  } catch (error) {
    live.delete(dir);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  let port = 0;
  const configure = async () => {
    port = await freePort();
    // Loopback TCP only (no socket file); fsync off: a restart of the server, not of the machine, is
    // what these tests do, and committed work survives it through the WAL in the OS's cache.
    appendFileSync(
      join(data, 'postgresql.conf'),
      [
        '',
        `port = ${port}`,
        "listen_addresses = '127.0.0.1'",
        "unix_socket_directories = ''",
        'fsync = off',
        'full_page_writes = off',
        'max_connections = 60',
        'shared_buffers = 32MB',
        '',
      ].join('\n'),
    );
  };

  const start = async () => {
    await pgCtl(['start', '-D', data, '-l', logFile, '-w', '-t', '60']);
  };

  // The port was free a moment ago; if another process took it since, pick another.
  for (let attempt = 1; ; attempt++) {
    await configure();
    try {
      await start();
      break;
    } catch (error) {
      if (attempt >= 3) {
        stopSync(dir);
        live.delete(dir);
        const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
        rmSync(dir, { recursive: true, force: true });
        throw new Error(`The test PostgreSQL cluster did not start: ${String(error)}\n${log}`);
      }
    }
  }

  const url = (database: string) => `postgresql://postgres@127.0.0.1:${port}/${database}`;
  return {
    get port() {
      return port;
    },
    url,
    async createDatabase(name) {
      const admin = new pg.Client({ connectionString: url('postgres') });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE "${name}"`);
      } finally {
        await admin.end();
      }
      await migrate(url(name));
      return url(name);
    },
    start,
    async stop(mode = 'fast') {
      await pgCtl(['stop', '-D', data, '-m', mode, '-w', '-t', '60']);
    },
    async restart(mode = 'fast') {
      await pgCtl(['restart', '-D', data, '-m', mode, '-l', logFile, '-w', '-t', '60']);
    },
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
    async remove() {
      stopSync(dir);
      live.delete(dir);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** For a test file: a cluster of its own, removed afterwards whatever happened in the tests. */
export function usePostgresCluster(): () => PostgresCluster {
  let cluster: PostgresCluster | undefined;
  beforeAll(async () => {
    cluster = await createPostgresCluster();
  });
  afterAll(async () => {
    await cluster?.remove();
  });
  return () => {
    if (!cluster) throw new Error('The test cluster is not ready (use it inside a test or hook).');
    return cluster;
  };
}
