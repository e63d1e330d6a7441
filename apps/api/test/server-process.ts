// The real server (src/server.ts, as `npm start` runs it but from source) in a process of its own,
// for tests that signal or kill it. Configured only through its environment, like production.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, request, sleep } from './http-client';

const apiRoot = fileURLToPath(new URL('..', import.meta.url));

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Resolves with the exit code (or the signal that ended it). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  output(): string;
  /** Kills it (SIGKILL) if it is still running; for cleanup. */
  kill(): Promise<void>;
  /** Stops it as a process manager does (SIGTERM) and waits until it has exited: whatever it had in hand is done. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts the server and waits until /api/health answers 200. `env` adds to (and overrides) a
 * production configuration on `databaseUrl`: demo data off, JSON logs of warnings and worse.
 */
export async function startServerProcess(
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'bok-server-'));
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: apiRoot,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      DATABASE_POOL_SIZE: '10',
      DATA_DIR: dataDir,
      PUBLIC_URL: url,
      APP_SECRET: 'fault-test-secret-fault-test-secret',
      SEED_DEMO_DATA: 'false',
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // The last 64 KB of what it wrote, for a failing test's message.
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-65_536);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = once(child, 'exit').then(([code, signal]) => {
    rmSync(dataDir, { recursive: true, force: true });
    return { code: code as number | null, signal: signal as NodeJS.Signals | null, at: Date.now() };
  });
  let running = true;
  void exited.then(() => {
    running = false;
  });

  const kill = async () => {
    if (!running) return;
    child.kill('SIGKILL');
    await exited;
  };

  // tsx compiles on start and the migrations run first: on a busy machine that takes a while.
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (!running) throw new Error(`The server exited before it was ready:\n${output}`);
    const health = await request(`${url}/api/health`, { timeoutMs: 5_000 });
    if (health.kind === 'response' && health.status === 200) break;
    if (Date.now() > deadline) {
      await kill();
      throw new Error(`The server was not ready within 90 s:\n${output}`);
    }
    await sleep(200);
  }
  const stop = async () => {
    if (running) child.kill('SIGTERM');
    return exited;
  };
  return { url, child, exited, output: () => output, kill, stop };
}
