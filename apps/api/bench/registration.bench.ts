/**
 * Registration burst benchmark (`pnpm bench:registration`).
 *
 * On a fresh database of its own on the real PostgreSQL (TEST_DATABASE_URL's server, as the
 * integration tests use), it fires N concurrent registrations over HTTP at a meeting with C seats
 * and prints throughput, latency percentiles, errors and the seat outcome. Then the same load at a
 * baseline: a bare Fastify route that inserts one row with node-postgres in one transaction. Both
 * listen on 127.0.0.1 on an ephemeral port with the app's listen backlog (with Node's default, a
 * burst of 1,000 connections overflows it and the dropped ones retry a second later, which then
 * dominates p99 for either server); the load comes from a worker thread. Stops by itself.
 *
 * Options (env): BENCH_REQUESTS (1000), BENCH_CAPACITY (40), BENCH_POOL_SIZE (10), BENCH_WARMUP (100).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import Fastify, { type FastifyInstance } from 'fastify';
import type pg from 'pg';
import { buildApp, listenBacklog } from '../src/app';
import { migrate } from '../src/db/migrate';
import { createDatabase, type DatabaseHandle } from '../src/db/prisma';
import { testConfig } from '../src/lib/config';
import { createMeeting } from '../test/factories';
import { databaseUrl, uniqueDatabaseName, withAdmin } from '../test/postgres';

const requests = Number(process.env.BENCH_REQUESTS ?? 1000);
const capacity = Number(process.env.BENCH_CAPACITY ?? 40);
const poolSize = Number(process.env.BENCH_POOL_SIZE ?? 10);
const warmup = Number(process.env.BENCH_WARMUP ?? 100);
/** A request still unanswered after this counts as an error; the whole run cannot outlive it by much. */
const requestTimeoutMs = 120_000;

interface Sample {
  status: number;
  started: number;
  ended: number;
  body: string;
}

interface Figures {
  requests: number;
  errors: number;
  seconds: number;
  throughput: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

function runLoad(url: string, bodies: unknown[]): Promise<Sample[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./load-worker.mjs', import.meta.url), {
      workerData: { url, bodies, headers: {}, timeoutMs: requestTimeoutMs },
    });
    worker.once('message', (samples: Sample[]) => {
      void worker.terminate();
      resolve(samples);
    });
    worker.once('error', reject);
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

function figuresOf(samples: Sample[], expectedStatus: number): Figures {
  const latencies = samples.map((sample) => sample.ended - sample.started).sort((a, b) => a - b);
  const first = Math.min(...samples.map((sample) => sample.started));
  const last = Math.max(...samples.map((sample) => sample.ended));
  const seconds = (last - first) / 1000;
  return {
    requests: samples.length,
    errors: samples.filter((sample) => sample.status !== expectedStatus).length,
    seconds,
    throughput: samples.length / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? Number.NaN,
  };
}

function printFigures(label: string, figures: Figures) {
  const ms = (value: number) => `${value.toFixed(0)} ms`;
  console.log(
    `${label.padEnd(13)} ${figures.requests} requests in ${figures.seconds.toFixed(2)} s: ` +
      `${figures.throughput.toFixed(0)} req/s; p50 ${ms(figures.p50)}, p95 ${ms(figures.p95)}, ` +
      `p99 ${ms(figures.p99)}, max ${ms(figures.max)}; errors ${figures.errors}`,
  );
}

function firstErrors(samples: Sample[], expectedStatus: number) {
  const errors = samples.filter((sample) => sample.status !== expectedStatus).slice(0, 3);
  for (const error of errors) console.log(`  e.g. ${error.status}: ${error.body}`);
}

const registrationBody = (run: string, n: number) => ({
  name: `Deltager ${n}`,
  email: `bench-${run}-${n}@bench.example`,
  libraryName: 'Benchmarkbiblioteket',
  consent: true,
});

/** The app as it runs in production, minus logging; the rate limit is lifted since all load is one IP. */
async function registrationApp(handle: DatabaseHandle) {
  const app = await buildApp({
    prisma: handle.prisma,
    config: { ...testConfig, registrationRateLimit: 1_000_000 },
    logger: false,
  });
  await app.listen({ port: 0, host: '127.0.0.1', backlog: listenBacklog });
  return app;
}

/** The least a registration could cost: parse JSON, one row, one transaction, with node-postgres. */
async function baselineApp(pool: pg.Pool) {
  await pool.query(`CREATE TABLE IF NOT EXISTS bench_baseline (
    id uuid PRIMARY KEY, name text NOT NULL, email text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 });
  app.post<{ Body: { name: string; email: string } }>('/baseline', async (request, reply) => {
    const id = randomUUID();
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('INSERT INTO bench_baseline (id, name, email) VALUES ($1, $2, $3)', [
        id,
        request.body.name,
        request.body.email,
      ]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
    reply.status(201);
    return { id };
  });
  await app.listen({ port: 0, host: '127.0.0.1', backlog: listenBacklog });
  return app;
}

function addressOf(app: FastifyInstance): string {
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('not listening on a port');
  return `http://127.0.0.1:${address.port}`;
}

async function main() {
  const name = uniqueDatabaseName('bok_bench');
  const url = databaseUrl(name);
  console.log(`Database ${name}; ${requests} concurrent requests, ${capacity} seats, pool ${poolSize} connections.`);
  await withAdmin((admin) => admin.query(`CREATE DATABASE "${name}"`));
  await migrate(url);
  const handle = createDatabase(url, poolSize);
  let app: FastifyInstance | undefined;
  let baseline: FastifyInstance | undefined;
  try {
    app = await registrationApp(handle);
    baseline = await baselineApp(handle.pool);
    const prisma = handle.prisma;

    // Warm-up (JIT, connections, prepared plans) on other meetings, not measured.
    const warmMeeting = await createMeeting(prisma, { capacity });
    await runLoad(
      `${addressOf(app)}/api/v1/meetings/${warmMeeting.id}/registrations`,
      Array.from({ length: warmup }, (_, n) => registrationBody('warm', n)),
    );
    await runLoad(
      `${addressOf(baseline)}/baseline`,
      Array.from({ length: warmup }, (_, n) => registrationBody('warm', n)),
    );

    const meeting = await createMeeting(prisma, { capacity });
    const registrationSamples = await runLoad(
      `${addressOf(app)}/api/v1/meetings/${meeting.id}/registrations`,
      Array.from({ length: requests }, (_, n) => registrationBody('run', n)),
    );
    const baselineSamples = await runLoad(
      `${addressOf(baseline)}/baseline`,
      Array.from({ length: requests }, (_, n) => registrationBody('run', n)),
    );

    const rows = await prisma.registration.findMany({
      where: { meetingId: meeting.id },
      select: { status: true, waitlistPosition: true },
    });
    const confirmed = rows.filter((row) => row.status === 'confirmed').length;
    const positions = rows
      .filter((row) => row.status === 'waitlisted')
      .map((row) => row.waitlistPosition!)
      .sort((a, b) => a - b);
    const contiguous = positions.every((position, index) => position === index + 1);

    const registration = figuresOf(registrationSamples, 201);
    const raw = figuresOf(baselineSamples, 201);
    console.log('');
    printFigures('registration', registration);
    firstErrors(registrationSamples, 201);
    printFigures('baseline', raw);
    firstErrors(baselineSamples, 201);
    console.log(
      `seats: ${confirmed} confirmed (capacity ${capacity}), ${positions.length} waitlisted, ` +
        `positions ${contiguous ? `1..${positions.length} without gaps` : 'NOT contiguous'}`,
    );
    console.log(
      `ratio: throughput ${(registration.throughput / raw.throughput).toFixed(2)} of baseline; ` +
        `p99 ${(registration.p99 / raw.p99).toFixed(1)}x baseline`,
    );
    const targetsMet =
      registration.errors === 0 &&
      confirmed === Math.min(capacity, requests) &&
      contiguous &&
      registration.p99 < 1000 &&
      registration.throughput >= raw.throughput / 2;
    console.log(
      `targets (0 errors, exactly ${capacity} confirmed, p99 < 1 s, >= half the baseline): ${targetsMet ? 'met' : 'NOT met'}`,
    );
    // The app shares this process with the load generator; bench:reads measures the API alone.
    const peak = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    console.log(
      `memory of this process (app and load generator): RSS ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB` +
        (peak ? `, peak ${(Number(peak) / 1024).toFixed(0)} MB` : ''),
    );
  } finally {
    await app?.close();
    await baseline?.close();
    await handle.close();
    await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  }
}

await main();
