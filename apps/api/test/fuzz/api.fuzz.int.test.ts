import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registrationCreatedSchema } from '@bok/shared/registrations';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../src/db/seed';
import { testConfig } from '../../src/lib/config';
import { manageTokenFor } from '../../src/lib/manage-token';
import { createMeeting } from '../factories';
import { buildTestApp, type TestApp } from '../test-app';
import { useTestDatabase } from '../test-database';
import type { Finding } from './findings';
import { allOperations, type OpenApiDocument, type Operation, operationKey, routesFromRouteTable } from './operations';
import { factsOf, type Secret, violationsOf } from './oracle';
import { rawCases } from './raw-cases';
import { type FuzzRequest, type FuzzWorld, requestsFor, strayRequests } from './requests';
import { send, sendRaw } from './transport';

/**
 * Hostile input on every route: the OpenAPI document and the live route table name the routes,
 * the shared schemas shape the values, and fast-check mixes in everything a client should not
 * send. Every answer must be below 500, every 4xx application/problem+json of the shared shape,
 * and no answer may show someone's personal data or the server's insides.
 *
 * FUZZ_SEED replays a run; FUZZ_REQUESTS sets its size (at least 10,000 by default).
 */
const seed = Number(process.env.FUZZ_SEED ?? 20_261_202);
const requestBudget = Number(process.env.FUZZ_REQUESTS ?? 10_400);
const concurrency = 4;

const database = useTestDatabase();
const webRoot = mkdtempSync(join(tmpdir(), 'bok-fuzz-web-'));
let app: TestApp;
let port: number;
let world: FuzzWorld;
let secrets: Secret[];
let operations: Operation[];

const statuses = new Map<string, number>();
const perOperation = new Map<string, Map<number, number>>();
const transports = new Map<string, number>();
let requestCount = 0;
const timings = new Map<string, number>();

const victim = {
  name: 'Vibeke Hemmeligsen',
  email: 'vibeke.hemmeligsen@fuzz.example',
  jobTitle: 'Hemmelig Stillingsbetegnelse',
  dietaryNeeds: 'Hemmelig kostinformation',
};
const owner = { name: 'Oskar Ejersen', email: 'oskar.ejersen@fuzz.example' };
const canceller = { name: 'Carla Afmelder', email: 'carla.afmelder@fuzz.example' };

async function register(meetingId: string, person: Record<string, string>) {
  const response = await app.inject({
    method: 'POST',
    url: `/api/v1/meetings/${meetingId}/registrations`,
    payload: { ...person, libraryName: 'Fuzz Bibliotek', consent: true },
  });
  expect(response.statusCode).toBe(201);
  const id = registrationCreatedSchema.parse(response.json()).id!;
  return { id, token: manageTokenFor(testConfig.appSecret, id) };
}

beforeAll(async () => {
  mkdirSync(join(webRoot, 'site', 'assets'), { recursive: true });
  writeFileSync(join(webRoot, 'site', 'index.html'), '<!doctype html><title>BoK Møder</title><div id="root"></div>');
  writeFileSync(join(webRoot, 'site', 'assets', 'index-abc123.js'), 'console.log("app")');
  // Beside the web root: what a path traversal would be after.
  writeFileSync(join(webRoot, 'secret.txt'), 'TOP-SECRET-FILE-CONTENT');

  const prisma = database().prisma;
  await seedDemoData(prisma);
  app = await buildTestApp(prisma, {
    webRoot: join(webRoot, 'site'),
    // The fuzzer is one client sending thousands of registrations: the limit would answer most of them.
    config: { registrationRateLimit: 1_000_000 },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  port = (app.server.address() as { port: number }).port;

  // Registrations go to one meeting, the manage links are for others: a registration, a change and
  // a cancellation each lock their meeting's row, and would otherwise queue behind each other.
  const meeting = await createMeeting(prisma, { capacity: 30, waitlistEnabled: true });
  const victimLink = await register(meeting.id, victim);
  const own = await register((await createMeeting(prisma)).id, owner);
  const cancellable = await register((await createMeeting(prisma)).id, canceller);

  const [meetings, libraries, themes, emails] = await Promise.all([
    prisma.meeting.findMany({ select: { id: true, slug: true } }),
    prisma.library.findMany({ select: { id: true }, take: 5 }),
    prisma.theme.findMany({ select: { id: true, slug: true }, take: 3 }),
    prisma.outboxEmail.findMany({ select: { id: true }, take: 5 }),
  ]);
  const document = (await app.inject({ url: '/api/openapi.json' })).json() as OpenApiDocument;
  world = {
    document,
    openMeeting: { id: meeting.id, slug: meeting.slug },
    meetingRefs: [meeting.id, meeting.slug, ...meetings.flatMap((row) => [row.id, row.slug])],
    registrationIds: [victimLink.id, own.id, cancellable.id, '00000000-0000-4000-8000-000000000000'],
    mailboxIds: emails.map((row) => row.id),
    libraryIds: libraries.map((row) => row.id),
    themeRefs: themes.flatMap((row) => [row.id, row.slug]),
    emails: [victim.email, owner.email, victim.email.toUpperCase(), ` ${owner.email} `],
    staticFiles: ['index.html', 'index.css', 'swagger-initializer.js', 'favicon-32x32.png', 'secret.txt'],
    own,
    cancellable,
  };
  secrets = [
    ...Object.entries(victim).map(([what, value]) => ({
      value,
      registrationId: victimLink.id,
      what: `another person's ${what}`,
    })),
    { value: victimLink.token, registrationId: victimLink.id, what: "another person's manage token" },
    { value: owner.name, registrationId: own.id, what: 'the name of a registration not asked for' },
    { value: owner.email, registrationId: own.id, what: 'the e-mail of a registration not asked for' },
    { value: own.token, registrationId: own.id, what: 'a manage token' },
    { value: cancellable.token, registrationId: cancellable.id, what: 'a manage token' },
    { value: 'TOP-SECRET-FILE-CONTENT', registrationId: '', what: 'a file outside the web root' },
  ];
  operations = allOperations(document, app.printRoutes({ commonPrefix: false }));
}, 120_000);

afterAll(async () => {
  await app?.close();
  rmSync(webRoot, { recursive: true, force: true });
});

function count<K>(map: Map<K, number>, key: K) {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** Sends one request and judges the answer; returns what is wrong with it. */
async function exchange(
  request: FuzzRequest,
  template: string,
  answerOf?: () => Promise<Awaited<ReturnType<typeof send>>>,
) {
  const answer = answerOf ? await answerOf() : await send(app, port, request);
  requestCount += 1;
  count(statuses, String(answer.status));
  count(transports, answer.via);
  const statusesHere = perOperation.get(request.operation) ?? new Map<number, number>();
  count(statusesHere, answer.status);
  perOperation.set(request.operation, statusesHere);

  const facts = factsOf(request, template);
  return violationsOf(request, facts, answer, secrets).map(
    (violation): Finding => ({ request, facts, answer, violation }),
  );
}

function describeFinding({ request, answer, violation }: Finding): string {
  const payload = request.payload === undefined ? '' : String(request.payload).slice(0, 300);
  return `${violation.kind}: ${violation.message}\n  ${request.method} ${request.url.slice(0, 300)} (via ${answer.via})\n  headers ${JSON.stringify(request.headers).slice(0, 300)}\n  body (${request.bodyKind}) ${JSON.stringify(payload)}`;
}

/** Runs the property for one operation; a failure is kept (with fast-check's shrunk example) and the run goes on. */
async function fuzz(
  name: string,
  template: string,
  requests: fc.Arbitrary<FuzzRequest>,
  runs: number,
  runSeed: number,
) {
  let smallest = '';
  try {
    await fc.assert(
      fc.asyncProperty(requests, async (request) => {
        const unknown = await exchange(request, template);
        if (unknown.length) {
          // fast-check shrinks towards the smallest failing request: the last one thrown is it.
          smallest = unknown.map(describeFinding).join('\n');
          throw new Error(smallest);
        }
      }),
      { seed: runSeed, numRuns: runs },
    );
  } catch (error) {
    const message = (error as Error).message;
    const replay = /\{ seed: .*\}/.exec(message)?.[0] ?? `seed ${runSeed}`;
    return `${name} (replay: ${replay})\n${smallest || message.split('\n').slice(0, 12).join('\n')}`;
  }
  return null;
}

describe('hostile input on every route', () => {
  it(`answers ${requestBudget}+ fuzzed requests without 5xx, always problem+json, never personal data`, async () => {
    const documented = operations.filter((operation) => operation.source === 'openapi');
    const undocumented = operations.filter((operation) => operation.source === 'route-table');
    // The registration routes carry the rules and the personal data: the largest share. A route
    // without parameters or body has only headers and a query string to attack: the smallest. A
    // HEAD runs its GET's handler: a third of the GET's share.
    const weightOf = (operation: Operation): number => {
      const base = operation.path.includes('registrations')
        ? 8
        : operation.pathParams.length || operation.query.length || operation.body
          ? 3
          : 0.6;
      return operation.method === 'HEAD' ? base / 3 : base;
    };
    const totalWeight = operations.reduce((sum, operation) => sum + weightOf(operation), 0) + 2;
    const failures: string[] = [];
    // A few operations at a time: most of a request's time is a database round trip to wait for.
    const queue = [...operations.entries()].sort(([, a], [, b]) => weightOf(b) - weightOf(a));
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let next = queue.shift(); next; next = queue.shift()) {
          const [index, operation] = next;
          const runs = Math.ceil((requestBudget * weightOf(operation)) / totalWeight);
          const started = performance.now();
          const failure = await fuzz(
            operationKey(operation),
            operation.path,
            requestsFor(operation, world),
            runs,
            seed + index,
          );
          if (failure) failures.push(failure);
          timings.set(operationKey(operation), Math.round(performance.now() - started));
        }
      }),
    );
    const strayFailure = await fuzz(
      'no route',
      '/',
      strayRequests(world),
      Math.ceil((requestBudget * 2) / totalWeight),
      seed - 1,
    );
    if (strayFailure) failures.push(strayFailure);

    const histogram = Object.fromEntries([...statuses].sort(([a], [b]) => a.localeCompare(b)));
    console.log(
      [
        `fuzz: seed ${seed} (FUZZ_SEED), ${requestCount} requests (${JSON.stringify(Object.fromEntries(transports))})`,
        `statuses: ${JSON.stringify(histogram)}`,
        `operations: ${documented.length} from the OpenAPI document, ${undocumented.length} only in the route table (${undocumented.map(operationKey).join(', ')})`,
        ...[...perOperation].map(
          ([name, counts]) =>
            `  ${name}: ${JSON.stringify(Object.fromEntries(counts))} in ${timings.get(name) ?? '?'} ms`,
        ),
      ].join('\n'),
    );

    expect(failures, failures.join('\n\n')).toEqual([]);
    expect(requestCount).toBeGreaterThanOrEqual(requestBudget);
    for (const operation of operations)
      expect(perOperation.get(operationKey(operation))?.size, operationKey(operation)).toBeGreaterThan(0);
    // The fuzzer got past validation to the rules, with and without a manage link.
    const reached = (name: string, status: number) => perOperation.get(name)?.get(status) ?? 0;
    expect(reached('POST /api/v1/meetings/{id}/registrations', 201)).toBeGreaterThan(0);
    expect(reached('POST /api/v1/meetings/{id}/registrations', 202)).toBeGreaterThan(0);
    expect(reached('GET /api/v1/registrations/{id}', 200)).toBeGreaterThan(0);
    expect(reached('PATCH /api/v1/registrations/{id}', 200)).toBeGreaterThan(0);
    expect(reached('DELETE /api/v1/registrations/{id}', 204)).toBeGreaterThan(0);
    expect(reached('GET /api/v1/meetings/{id}', 200)).toBeGreaterThan(0);
    // Every documented operation is a route the app really has.
    const routeTable = new Set(routesFromRouteTable(app.printRoutes({ commonPrefix: false })).map(operationKey));
    expect(documented.map(operationKey).filter((key) => !routeTable.has(key))).toEqual([]);
    // A shared machine can be slow; the run is bounded by its request count, not by this.
  }, 900_000);

  it('answers what only a raw socket can send (bad framing, huge headers, bad bytes) below 500, as problem+json', async () => {
    const failures: string[] = [];
    for (const rawCase of rawCases()) {
      const request: FuzzRequest = {
        operation: `RAW ${rawCase.name}`,
        method: rawCase.method,
        url: rawCase.url,
        headers: {},
        bodyKind: 'raw',
      };
      const unknown = await exchange(request, rawCase.template ?? '/', () => sendRaw(port, rawCase.bytes));
      if (unknown.length) failures.push(`${rawCase.name}:\n${unknown.map(describeFinding).join('\n')}`);
    }
    console.log(`raw socket: ${rawCases().length} cases`);
    expect(failures, failures.join('\n\n')).toEqual([]);
  }, 120_000);
});
