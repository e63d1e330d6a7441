import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMeeting } from '../test/factories';
import { rawExchange } from '../test/raw-http';
import { useTestDatabase } from '../test/test-database';
import { buildApp } from './app';
import { testConfig } from './lib/config';

// Small timeouts, so slow clients are cut off within a test's patience.
const timeouts = { requestMs: 800, headersMs: 400, connectionMs: 2_000, keepAliveMs: 1_000 };

const database = useTestDatabase();
let app: Awaited<ReturnType<typeof buildApp>>;
let port: number;

beforeAll(async () => {
  app = await buildApp({ prisma: database().prisma, config: testConfig, timeouts });
  await app.listen({ host: '127.0.0.1', port: 0 });
  port = (app.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await app?.close();
});

function bytes(text: string): string[] {
  return [...text];
}

describe('slow clients', () => {
  it('are cut off with 408 when the body trickles in, and the body is never processed', async () => {
    const meeting = await createMeeting(database().prisma);
    const body = JSON.stringify({ name: 'Langsom', email: 'slow@test.example', libraryName: 'Køge', consent: true });
    const head =
      `POST /api/v1/meetings/${meeting.id}/registrations HTTP/1.1\r\nHost: localhost\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`;
    // One byte every 100 ms: the whole body would take seconds, the request timeout is 0.8 s.
    const answer = await rawExchange(port, [head, ...bytes(body)], { gapMs: 100 });
    expect(answer.status).toBe(408);
    expect(answer.closed).toBe(true);
    expect(answer.elapsedMs).toBeLessThan(3_000);
    // Nothing arrives late either: the request died with its connection.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await database().prisma.registration.count({ where: { meetingId: meeting.id } })).toBe(0);
  });

  it('are cut off with 408 when the headers trickle in', async () => {
    const answer = await rawExchange(
      port,
      bytes('GET /api/health HTTP/1.1\r\nHost: localhost\r\nX-Slow: abcdefghij\r\n\r\n'),
      {
        gapMs: 100,
      },
    );
    expect(answer.status).toBe(408);
    expect(answer.closed).toBe(true);
    expect(answer.elapsedMs).toBeLessThan(2_500);
  });

  it('still get their answer when they are merely not fast', async () => {
    const answer = await rawExchange(
      port,
      ['GET /api/health HTTP/1.1\r\n', 'Host: localhost\r\nConnection: close\r\n\r\n'],
      {
        gapMs: 100,
      },
    );
    expect(answer.status).toBe(200);
  });
});
