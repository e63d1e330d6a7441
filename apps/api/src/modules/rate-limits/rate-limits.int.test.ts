import { problemContentType } from '@bok/shared/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMeeting, uniqueEmail } from '../../../test/factories';
import { buildTestApp, type TestApp } from '../../../test/test-app';
import { useTestDatabase } from '../../../test/test-database';
import { createDatabase, type DatabaseHandle } from '../../db/prisma';
import { purgeExpiredRateLimits } from '../maintenance/maintenance.service';
import { rateLimitsRepository } from './rate-limits.repository';
import { postgresRateLimitStore } from './rate-limits.store';

const database = useTestDatabase();
const LIMIT = 10;
let first: TestApp;
let secondDatabase: DatabaseHandle;
let second: TestApp;

beforeAll(async () => {
  first = await buildTestApp(database().prisma, { config: { registrationRateLimit: LIMIT } });
  // Another instance behind the load balancer: its own PrismaClient and pool on the same database.
  secondDatabase = createDatabase(database().url, 4);
  second = await buildTestApp(secondDatabase.prisma, { config: { registrationRateLimit: LIMIT } });
});
afterAll(async () => {
  await second?.close();
  await secondDatabase?.close();
  await first?.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function register(app: TestApp, meetingId: string, remoteAddress: string) {
  return app.inject({
    method: 'POST',
    url: `/api/v1/meetings/${meetingId}/registrations`,
    payload: { name: 'Deltager', email: uniqueEmail(), libraryName: 'Testbibliotek', consent: true },
    remoteAddress,
  });
}

describe('the registration rate limit, counted in PostgreSQL', () => {
  it('is shared by two app instances: N/2+1 requests at each, exactly N accepted', async () => {
    const meeting = await createMeeting(database().prisma, { capacity: 100 });
    const perInstance = LIMIT / 2 + 1;
    const responses = await Promise.all(
      Array.from({ length: perInstance * 2 }, (_, n) => register(n % 2 ? second : first, meeting.id, '192.0.2.1')),
    );
    const statuses = responses.map((response) => response.statusCode);
    expect(statuses.filter((status) => status === 201)).toHaveLength(LIMIT);
    expect(statuses.filter((status) => status === 429)).toHaveLength(2);
    expect(await database().prisma.registration.count({ where: { meetingId: meeting.id } })).toBe(LIMIT);

    const refused = responses.find((response) => response.statusCode === 429)!;
    expect(refused.headers['content-type']).toContain(problemContentType);
    expect(refused.json()).toMatchObject({ code: 'rate_limited', status: 429 });
    const seconds = Number(refused.headers['retry-after']);
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(seconds).toBeLessThanOrEqual(60);
    expect(refused.headers.ratelimit).toBe(`"per-address";r=0;t=${seconds}`);
    expect(refused.headers['ratelimit-policy']).toBe(`"per-address";q=${LIMIT};w=60`);
    // The plugin's own header family is not sent beside the draft's.
    expect(responses.some((response) => 'x-ratelimit-remaining' in response.headers)).toBe(false);

    // Another address has a count of its own, at either instance.
    expect((await register(second, meeting.id, '192.0.2.2')).statusCode).toBe(201);
  });

  it('restarts a window that has ended, and counts each hit once however many arrive at once', async () => {
    const repository = rateLimitsRepository(database().prisma);
    const hits = await Promise.all(Array.from({ length: 20 }, () => repository.increment('test', 'a', 400)));
    expect(hits.map((hit) => hit.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, n) => n + 1));
    for (const hit of hits) {
      expect(hit.ttlMs).toBeGreaterThan(0);
      expect(hit.ttlMs).toBeLessThanOrEqual(400);
    }
    await sleep(450);
    const restarted = await repository.increment('test', 'a', 60_000);
    expect(restarted.count).toBe(1);
    expect(restarted.ttlMs).toBeGreaterThan(59_000);
  });

  it('counts a burst from one address exactly, however its requests are grouped into statements', async () => {
    const Store = postgresRateLimitStore(database().prisma);
    const store = new Store({}).child({ routeInfo: { method: 'POST', url: '/burst' } } as never);
    const counts = await Promise.all(
      Array.from(
        { length: 200 },
        () =>
          new Promise<number>((resolve, reject) =>
            store.incr('192.0.2.9', (error, result) => (error ? reject(error) : resolve(result!.current)), 60_000, 10),
          ),
      ),
    );
    // In arrival order: the first ten are the ones let through.
    expect(counts).toEqual(Array.from({ length: 200 }, (_, n) => n + 1));
    expect(
      await database().prisma.rateLimit.findUnique({
        where: { bucket_key: { bucket: 'POST /burst', key: '192.0.2.9' } },
      }),
    ).toMatchObject({ count: 200 });
  });

  it('purges the windows that have ended and keeps the live ones', async () => {
    const db = database().prisma;
    const past = new Date(Date.now() - 60_000);
    await db.rateLimit.createMany({
      data: Array.from({ length: 5 }, (_, n) => ({ bucket: 'purge', key: `ended-${n}`, count: 3, resetAt: past })),
    });
    await rateLimitsRepository(db).increment('purge', 'live', 60_000);
    expect(await purgeExpiredRateLimits(db, 2)).toBeGreaterThanOrEqual(5);
    expect(await db.rateLimit.findMany({ where: { bucket: 'purge' }, select: { key: true } })).toEqual([
      { key: 'live' },
    ]);
  });

  it('answers 503 problem+json with Retry-After, not 500, when the database cannot be reached', async () => {
    // Nothing listens on port 1: every query fails to connect, the limit's first.
    const unreachable = createDatabase('postgresql://postgres@127.0.0.1:1/bok', 1);
    const app = await buildTestApp(unreachable.prisma, { config: { registrationRateLimit: LIMIT } });
    try {
      const response = await register(app, '00000000-0000-4000-8000-000000000000', '192.0.2.3');
      expect(response.statusCode).toBe(503);
      expect(response.headers['content-type']).toContain(problemContentType);
      expect(response.json()).toMatchObject({ code: 'service_unavailable' });
      expect(Number(response.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    } finally {
      await app.close();
      await unreachable.close();
    }
  });
});
