/**
 * Public read benchmark (`pnpm bench:reads`).
 *
 * On a fresh database of its own on the real PostgreSQL (TEST_DATABASE_URL's server), seeded with
 * the demo data, it builds the API (tsup) and runs it as production does (`node dist/server.js`,
 * NODE_ENV=production, pg-boss worker and all) in a process of its own, so its resident memory is
 * the API's alone. First the registration burst of `bench:registration` (N concurrent registrations
 * at a meeting), then, per public read, autocannon (C connections, D seconds) at the app and at a
 * baseline: a bare Fastify process answering the same JSON from memory. Prints req/s, p50/p99 and
 * the ratio per route, and the API's RSS (now and peak) after each phase; then, over the same count
 * of requests at both, what V8's garbage collector did per request (`--trace-gc-nvp`: bytes
 * allocated and promoted, mark-compacts, pauses), which holds on a noisy machine. Stops by itself.
 *
 * Options (env): BENCH_CONNECTIONS (100), BENCH_DURATION (10 s), BENCH_WARMUP (2 s),
 * BENCH_REGISTRATIONS (1000; 0 skips the burst), BENCH_APP_PORT (3300), BENCH_LOG_LEVEL (warn),
 * BENCH_ACCEPT_ENCODING (unset: no compression asked for, like the baseline).
 */
import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import autocannon from 'autocannon';
import { migrate } from '../src/db/migrate';
import { createDatabase } from '../src/db/prisma';
import { seedDemoData } from '../src/db/seed';
import { createMeeting } from '../test/factories';
import { databaseUrl, uniqueDatabaseName, withAdmin } from '../test/postgres';

const connections = Number(process.env.BENCH_CONNECTIONS ?? 100);
const duration = Number(process.env.BENCH_DURATION ?? 10);
const warmup = Number(process.env.BENCH_WARMUP ?? 2);
const registrations = Number(process.env.BENCH_REGISTRATIONS ?? 1000);
const appPort = Number(process.env.BENCH_APP_PORT ?? 3300);
const logLevel = process.env.BENCH_LOG_LEVEL ?? 'warn';
const acceptEncoding = process.env.BENCH_ACCEPT_ENCODING;
const apiDir = fileURLToPath(new URL('..', import.meta.url));
/** As scripts/start.sh runs the API (keep in step); BENCH_NODE_FLAGS='' compares without. */
const nodeFlags = (
  process.env.BENCH_NODE_FLAGS ??
  '--enable-source-maps --max-old-space-size=160 --max-semi-space-size=8 --no-allocation-site-pretenuring'
)
  .split(' ')
  .filter(Boolean);
const mallocArenaMax = process.env.BENCH_MALLOC_ARENA_MAX ?? '2';

interface Figures {
  throughput: number;
  p50: number;
  p99: number;
  errors: number;
}

/** Resident memory of a process now and at its peak (VmHWM), in MB, from /proc. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

function printMemory(label: string, pid: number) {
  const { rss, peak } = memoryOf(pid);
  console.log(`API RSS ${label.padEnd(22)} ${rss.toFixed(0)} MB (peak so far ${peak.toFixed(0)} MB)`);
}

async function load(url: string, seconds: number): Promise<Figures> {
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {},
  });
  return {
    throughput: result.requests.total / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

function waitForExit(child: ChildProcess) {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

/**
 * What V8's garbage collector did in a process, read from its `--trace-gc-nvp` lines on stdout
 * (other lines pass through). Bytes allocated per request are the same on a quiet and a busy
 * machine, so they compare runs where latency cannot; the pauses are what a p99 feels.
 */
class GcTally {
  allocated = 0;
  promoted = 0;
  markCompacts = 0;
  pauseMs = 0;
  maxPauseMs = 0;

  constructor(stdout: NodeJS.ReadableStream) {
    createInterface({ input: stdout }).on('line', (line) => {
      if (!line.includes(' gc=')) {
        console.log(line);
        return;
      }
      const field = (name: string) => Number(new RegExp(`\\b${name}=([\\d.]+)`).exec(line)?.[1] ?? 0);
      const kind = /\bgc=(\w+)/.exec(line)?.[1];
      this.allocated += field('allocated');
      this.promoted += field('promoted');
      if (kind !== 's') this.markCompacts++;
      const pause = field('pause');
      this.pauseMs += pause;
      this.maxPauseMs = Math.max(this.maxPauseMs, pause);
    });
  }

  snapshot() {
    const { allocated, promoted, markCompacts, pauseMs, maxPauseMs } = this;
    return { allocated, promoted, markCompacts, pauseMs, maxPauseMs };
  }

  /** Starts a measured phase: the longest pause counts from here. */
  beginPhase(): GcSnapshot {
    this.maxPauseMs = 0;
    return this.snapshot();
  }
}
type GcSnapshot = ReturnType<GcTally['snapshot']>;

/** The GC's work for `requests` requests, as the difference of two snapshots. */
function gcPerRequests(before: GcSnapshot, after: GcSnapshot, requests: number) {
  return {
    allocatedKb: (after.allocated - before.allocated) / requests / 1024,
    promotedKb: (after.promoted - before.promoted) / requests / 1024,
    markCompactsPer10k: ((after.markCompacts - before.markCompacts) * 10_000) / requests,
    pauseMsPer10k: ((after.pauseMs - before.pauseMs) * 10_000) / requests,
    maxPauseMs: after.maxPauseMs,
  };
}

async function startApi(url: string): Promise<{ child: ChildProcess; gc: GcTally }> {
  const child = fork(`${apiDir}/dist/server.js`, [], {
    cwd: apiDir,
    execArgv: [...nodeFlags, '--trace-gc-nvp'],
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    env: {
      PATH: process.env.PATH,
      ...(mallocArenaMax ? { MALLOC_ARENA_MAX: mallocArenaMax } : {}),
      NODE_ENV: 'production',
      DATABASE_URL: url,
      PORT: String(appPort),
      HOST: '127.0.0.1',
      PUBLIC_URL: `http://127.0.0.1:${appPort}`,
      APP_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: logLevel,
      SEED_DEMO_DATA: 'false',
      // All the load comes from one address.
      REGISTRATION_RATE_LIMIT: '1000000',
    },
  });
  const gc = new GcTally(child.stdout!);
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}`);
    const ready = await fetch(`http://127.0.0.1:${appPort}/api/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return { child, gc };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the API did not start within a minute');
}

async function startBaseline(
  routes: Record<string, string>,
): Promise<{ child: ChildProcess; port: number; gc: GcTally }> {
  const child = fork(`${apiDir}/bench/bare-server.mjs`, [], {
    cwd: apiDir,
    execArgv: ['--trace-gc-nvp'],
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const gc = new GcTally(child.stdout!);
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message: { port: number }) => resolve(message.port));
    child.once('exit', (code) => reject(new Error(`the baseline exited with ${code}`)));
    child.send({ routes });
  });
  return { child, port, gc };
}

/** The burst of bench:registration, every request in flight at once (same load worker). */
function registrationBurst(url: string, count: number): Promise<Array<{ status: number }>> {
  const bodies = Array.from({ length: count }, (_, n) => ({
    name: `Deltager ${n}`,
    email: `bench-reads-${n}@bench.example`,
    libraryName: 'Benchmarkbiblioteket',
    consent: true,
  }));
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./load-worker.mjs', import.meta.url), {
      workerData: { url, bodies, headers: {}, timeoutMs: 120_000 },
    });
    worker.once('message', (samples) => {
      void worker.terminate();
      resolve(samples);
    });
    worker.once('error', reject);
  });
}

async function main() {
  const name = uniqueDatabaseName('bok_reads_bench');
  const url = databaseUrl(name);
  console.log(
    `Database ${name}; ${connections} connections, ${duration} s per run (after ${warmup} s warm-up), ` +
      `API run as node ${nodeFlags.join(' ')}${mallocArenaMax ? ` with MALLOC_ARENA_MAX=${mallocArenaMax}` : ''}, ` +
      `${registrations} registrations first${acceptEncoding ? `; Accept-Encoding: ${acceptEncoding}` : ''}.`,
  );
  await withAdmin((admin) => admin.query(`CREATE DATABASE "${name}"`));
  await migrate(url);
  const handle = createDatabase(url, 2);
  let api: ChildProcess | undefined;
  let baseline: ChildProcess | undefined;
  try {
    await seedDemoData(handle.prisma);
    // The meeting the page shows: the seed's open one.
    const open = await handle.prisma.meeting.findFirstOrThrow({
      where: { status: 'open' },
      orderBy: { startsAt: 'asc' },
    });
    const burstMeeting = await createMeeting(handle.prisma, { capacity: 40 });

    execFileSync(process.execPath, [`${apiDir}/node_modules/tsup/dist/cli-default.js`, '--silent'], {
      cwd: apiDir,
      stdio: 'inherit',
    });
    const started = await startApi(url);
    api = started.child;
    const apiGc = started.gc;
    const app = `http://127.0.0.1:${appPort}`;
    printMemory('after start', api.pid!);

    if (registrations > 0) {
      const samples = await registrationBurst(`${app}/api/v1/meetings/${burstMeeting.id}/registrations`, registrations);
      const created = samples.filter((sample) => sample.status === 201).length;
      console.log(`registration burst: ${created} of ${registrations} answered 201`);
      printMemory('after registrations', api.pid!);
    }

    const paths = ['/api/v1/network', '/api/v1/meetings', `/api/v1/meetings/${open.id}`, '/api/v1/themes'];
    const labels = ['/api/v1/network', '/api/v1/meetings', '/api/v1/meetings/{id}', '/api/v1/themes'];
    const routes: Record<string, string> = {};
    for (const path of paths) {
      const response = await fetch(`${app}${path}`);
      if (!response.ok) throw new Error(`${path}: ${response.status}`);
      routes[path] = await response.text();
    }
    const bare = await startBaseline(routes);
    baseline = bare.child;

    const rows: string[] = [];
    for (const [index, path] of paths.entries()) {
      await load(`${app}${path}`, warmup);
      const measured = await load(`${app}${path}`, duration);
      await load(`http://127.0.0.1:${bare.port}${path}`, warmup);
      const raw = await load(`http://127.0.0.1:${bare.port}${path}`, duration);
      const ratio = measured.throughput / raw.throughput;
      const met = ratio >= 0.5 && measured.p99 <= 25 && measured.errors === 0;
      rows.push(
        `| ${labels[index]!.padEnd(22)} | ${measured.throughput.toFixed(0).padStart(6)} req/s | ` +
          `${String(measured.p50).padStart(4)} ms | ${String(measured.p99).padStart(5)} ms | ` +
          `${String(measured.errors).padStart(6)} | ${raw.throughput.toFixed(0).padStart(6)} req/s, ` +
          `p50 ${String(raw.p50).padStart(3)} ms, p99 ${String(raw.p99).padStart(3)} ms | ` +
          `${ratio.toFixed(2).padStart(5)} | ${met ? 'met' : 'NOT met'} |`,
      );
      console.log(`${labels[index]}: done (${Buffer.byteLength(routes[path]!)} bytes of JSON)`);
    }
    printMemory('after reads', api.pid!);

    // The garbage collector's share, per request: the same count of requests at each server.
    const gcRows: string[] = [];
    const gcRequests = Number(process.env.BENCH_GC_REQUESTS ?? 20_000);
    const gcCell = (figures: ReturnType<typeof gcPerRequests>) =>
      `${figures.allocatedKb.toFixed(1).padStart(6)} KB, promoted ${figures.promotedKb.toFixed(2).padStart(5)} KB, ` +
      `${figures.markCompactsPer10k.toFixed(1).padStart(4)} MC, pause ${figures.pauseMsPer10k.toFixed(0).padStart(4)} ms (max ${figures.maxPauseMs.toFixed(1)})`;
    for (const [index, path] of paths.entries()) {
      const measure = async (base: string, gc: GcTally) => {
        const before = gc.beginPhase();
        await autocannon({ url: `${base}${path}`, connections, amount: gcRequests });
        return gcPerRequests(before, gc.snapshot(), gcRequests);
      };
      const appGc = await measure(app, apiGc);
      const bareGc = await measure(`http://127.0.0.1:${bare.port}`, bare.gc);
      gcRows.push(`| ${labels[index]!.padEnd(22)} | ${gcCell(appGc)} | ${gcCell(bareGc)} |`);
    }

    console.log('');
    console.log(
      '| route                  | app          | p50     | p99      | errors | bare Fastify, same JSON        | ratio | target (>= 0.5, p99 <= 25 ms) |',
    );
    console.log(
      '| ---------------------- | ------------ | ------- | -------- | ------ | ------------ | ----- | ---- |',
    );
    for (const row of rows) console.log(row);
    console.log('');
    console.log(
      `Garbage collection per request (${gcRequests} requests each; allocated, promoted to the old space; mark-compacts and total pause per 10,000 requests):`,
    );
    console.log('| route                  | app | bare Fastify, same JSON |');
    console.log('| ---------------------- | --- | --- |');
    for (const row of gcRows) console.log(row);
    const { rss, peak } = memoryOf(api.pid!);
    console.log(
      `\nAPI resident memory: ${rss.toFixed(0)} MB now, ${peak.toFixed(0)} MB peak (target < 250 MB): ${peak < 250 ? 'met' : 'NOT met'}`,
    );
  } finally {
    baseline?.kill();
    if (api) {
      api.kill('SIGTERM');
      await waitForExit(api);
    }
    await handle.close();
    await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  }
}

await main();
