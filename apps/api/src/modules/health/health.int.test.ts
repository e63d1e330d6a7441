import { Writable } from 'node:stream';
import { problemSchema } from '@bok/shared/errors';
import { describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/test-app';
import { useTestDatabase } from '../../../test/test-database';
import { buildApp } from '../../app';
import { createDatabase } from '../../db/prisma';
import { testConfig } from '../../lib/config';
import { loggerOptions } from '../../lib/logger';

const database = useTestDatabase();

describe('GET /api/health', () => {
  it('is ok while the database answers', async () => {
    const app = await buildTestApp(database().prisma);
    const response = await app.inject({ url: '/api/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
    await app.close();
  });

  it('is 503 while the server drains for a stop, and every answer then closes its connection', async () => {
    const app = await buildTestApp(database().prisma);
    const before = await app.inject({ url: '/api/v1/meetings' });
    expect(before.headers.connection).not.toBe('close');
    const drained = app.drain(200);
    const health = await app.inject({ url: '/api/health' });
    expect(health.statusCode).toBe(503);
    expect(problemSchema.parse(health.json()).code).toBe('service_unavailable');
    expect(health.headers['retry-after']).toBe('5');
    // Still served while draining: only told to go elsewhere next time.
    const meetings = await app.inject({ url: '/api/v1/meetings' });
    expect(meetings.statusCode).toBe(200);
    expect(meetings.headers.connection).toBe('close');
    await drained;
    await app.close();
  });

  it('is 503 problem+json when the database does not answer, without the cause', async () => {
    // Port 9 (discard) on loopback: nothing listens, connections are refused.
    const unreachable = createDatabase('postgresql://postgres@127.0.0.1:9/none?connect_timeout=2', 1);
    const app = await buildTestApp(unreachable.prisma);
    const response = await app.inject({ url: '/api/health' });
    expect(response.statusCode).toBe(503);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const body = problemSchema.parse(response.json());
    expect(body.code).toBe('service_unavailable');
    expect(response.body).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);

    // Any route: an unreachable database is a 503 to try again, not a 500.
    const meetings = await app.inject({ url: '/api/v1/meetings' });
    expect(meetings.statusCode).toBe(503);
    expect(meetings.headers['retry-after']).toBe('30');
    expect(problemSchema.parse(meetings.json()).code).toBe('service_unavailable');
    await app.close();
    await unreachable.close();
  });

  it('logs a database outage as a warning in one line, not as an error with a stack trace', async () => {
    const chunks: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        chunks.push(String(chunk));
        done();
      },
    });
    const unreachable = createDatabase('postgresql://postgres@127.0.0.1:9/none?connect_timeout=2', 1);
    const app = await buildApp({
      prisma: unreachable.prisma,
      config: testConfig,
      logger: loggerOptions({ level: 'info', format: 'json', destination }),
    });
    for (const url of ['/api/health', '/api/v1/meetings', '/api/v1/network']) {
      expect((await app.inject({ url })).statusCode).toBe(503);
    }
    await app.close();
    await unreachable.close();

    const entries = chunks
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { level: number; msg: string; err?: unknown; reason?: string });
    const outages = entries.filter((entry) => entry.msg === 'database unavailable: answered 503');
    expect(outages).toHaveLength(3);
    for (const outage of outages) {
      expect(outage.level).toBe(40);
      expect(outage.err).toBeUndefined();
      expect(outage.reason).toEqual(expect.any(String));
    }
    expect(entries.filter((entry) => entry.level >= 50)).toEqual([]);
    expect(chunks.join('')).not.toContain('    at ');
  });
});
