import type { AddressInfo } from 'node:net';
import { problemSchema } from '@bok/shared/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMeeting } from '../test/factories';
import { type RawAnswer, rawExchange } from '../test/raw-http';
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

/** An answer in application/problem+json with our error code and the status the error table gives it. */
function expectProblem(answer: RawAnswer, status: number, code: string) {
  expect(answer.status, answer.raw.slice(0, 200)).toBe(status);
  expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = problemSchema.parse(JSON.parse(answer.body));
  expect(body).toMatchObject({ status, code });
  return body;
}

const get = (path: string, headers = 'Host: localhost\r\n') =>
  rawExchange(port, [`GET ${path} HTTP/1.1\r\n${headers}Connection: close\r\n\r\n`]);

describe('slow clients', () => {
  it('are cut off with 408 when the body trickles in, and the body is never processed', async () => {
    const meeting = await createMeeting(database().prisma);
    const body = JSON.stringify({ name: 'Langsom', email: 'slow@test.example', libraryName: 'Køge', consent: true });
    const head =
      `POST /api/v1/meetings/${meeting.id}/registrations HTTP/1.1\r\nHost: localhost\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`;
    // One byte every 100 ms: the whole body would take seconds, the request timeout is 0.8 s.
    const answer = await rawExchange(port, [head, ...bytes(body)], { gapMs: 100 });
    expectProblem(answer, 408, 'request_timeout');
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
    expectProblem(answer, 408, 'request_timeout');
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

describe('errors before a route is found, and those of the HTTP parser', () => {
  it('answers a path that is not valid URL encoding with 400 problem+json', async () => {
    const body = expectProblem(await get('/api/v1/meetings/%E0%A4%A'), 400, 'bad_request');
    expect(body.instance).toBe('/api/v1/meetings/%E0%A4%A');
  });

  it('answers an id over 200 characters with 414 problem+json', async () => {
    expectProblem(await get(`/api/v1/meetings/${'a'.repeat(201)}`), 414, 'uri_too_long');
  });

  it('answers headers over the limit with 431 problem+json, and closes the connection', async () => {
    const answer = await get('/api/health', `Host: localhost\r\nX-Big: ${'x'.repeat(20_000)}\r\n`);
    expectProblem(answer, 431, 'headers_too_large');
    expect(answer.closed).toBe(true);
  });

  it("answers what Node's HTTP parser refuses with 400 problem+json", async () => {
    for (const request of [
      'GARBAGE\r\n\r\n',
      'GET /api/health HTTP/9.9\r\nHost: localhost\r\n\r\n',
      'GET /api/health HTTP/1.1\r\nHost: localhost\r\nBad Header: x\r\n\r\n',
      'POST /api/health HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    ]) {
      const answer = await rawExchange(port, [request]);
      expectProblem(answer, 400, 'bad_request');
      expect(answer.closed).toBe(true);
    }
  });

  it('answers an HTTP/1.1 request without Host with 400 problem+json', async () => {
    expectProblem(await get('/api/health', ''), 400, 'bad_request');
  });

  it('answers an expectation it cannot meet with 417 problem+json', async () => {
    expectProblem(await get('/api/health', 'Host: localhost\r\nExpect: something-else\r\n'), 417, 'expectation_failed');
  });

  it('still answers well-formed requests as before', async () => {
    const answer = await get('/api/health');
    expect(answer.status).toBe(200);
    const missing = await get('/api/v1/nothing-here');
    expectProblem(missing, 404, 'not_found');
  });
});
