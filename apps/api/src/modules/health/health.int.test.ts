import { problemSchema } from '@bok/shared/errors';
import { describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/test-app';
import { useTestDatabase } from '../../../test/test-database';
import { createDatabase } from '../../db/prisma';

const database = useTestDatabase();

describe('GET /api/health', () => {
  it('is ok while the database answers', async () => {
    const app = await buildTestApp(database().prisma);
    const response = await app.inject({ url: '/api/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
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
});
