import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { isPretty, loggerOptions } from './logger';
import { OneLinePerRequest } from './request-log';

function capture(isTTY: boolean) {
  const chunks: string[] = [];
  const stream = Object.assign(
    new Writable({
      write(chunk, _encoding, done) {
        chunks.push(String(chunk));
        done();
      },
    }),
    { isTTY },
  );
  return { stream, lines: () => chunks.join('').split('\n').filter(Boolean) };
}

async function answerOneRequest(format: 'auto' | 'pretty' | 'json', isTTY: boolean) {
  const out = capture(isTTY);
  const app = Fastify({
    logger: loggerOptions({ level: 'info', format, destination: out.stream }),
    logController: new OneLinePerRequest(),
  });
  app.get('/api/v1/meetings', async () => ({ items: [] }));
  await app.inject({ url: '/api/v1/meetings?theme=secret-query' });
  await app.close();
  return out.lines();
}

describe('logs', () => {
  it('are readable lines on a terminal: one per request, without the query string', async () => {
    const lines = await answerOneRequest('auto', true);
    const requestLines = lines.filter((line) => line.includes('/api/v1/meetings'));
    expect(requestLines).toHaveLength(1);
    expect(requestLines[0]).toMatch(/INFO.*GET \/api\/v1\/meetings 200 [\d.]+ ms/);
    expect(() => JSON.parse(requestLines[0]!)).toThrow();
    expect(lines.join('\n')).not.toContain('secret-query');
  });

  it('are JSON lines when nobody is watching, with the same facts as fields', async () => {
    const lines = await answerOneRequest('auto', false);
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const requests = entries.filter((entry) => entry.url === '/api/v1/meetings');
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ level: 30, method: 'GET', statusCode: 200 });
    expect(typeof requests[0]!.responseTime).toBe('number');
    expect(lines.join('\n')).not.toContain('secret-query');
  });

  it('follow LOG_FORMAT when it is set', async () => {
    expect(isPretty({ level: 'info', format: 'json', destination: capture(true).stream })).toBe(false);
    expect(isPretty({ level: 'info', format: 'pretty', destination: capture(false).stream })).toBe(true);
    const lines = await answerOneRequest('json', true);
    expect(() => lines.map((line) => JSON.parse(line))).not.toThrow();
  });
});
