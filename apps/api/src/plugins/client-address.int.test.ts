import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/test-database';
import { buildApp } from '../app';
import { testConfig } from '../lib/config';

const database = useTestDatabase();

async function appWith(trustProxy: boolean | string, config: Partial<typeof testConfig> = {}) {
  const app = await buildApp({ prisma: database().prisma, config: { ...testConfig, ...config }, trustProxy });
  app.get('/api/v1/__ip', async (request) => ({ ip: request.ip }));
  await app.ready();
  return app;
}

describe('the client address', () => {
  it('believes only the configured proxies, so a client cannot pick its rate-limit bucket', async () => {
    const forwarded = { 'x-forwarded-for': '6.6.6.6, 203.0.113.9' };
    const oneHop = await appWith('10.0.0.0/8');
    const seen = await oneHop.inject({ url: '/api/v1/__ip', headers: forwarded, remoteAddress: '10.0.0.1' });
    expect(seen.json()).toEqual({ ip: '203.0.113.9' });
    await oneHop.close();

    const none = await appWith(false);
    const direct = await none.inject({ url: '/api/v1/__ip', headers: forwarded, remoteAddress: '10.0.0.1' });
    expect(direct.json()).toEqual({ ip: '10.0.0.1' });
    await none.close();
  });
});

describe('the development mailbox', () => {
  it('answers this machine only, unless opened to every client', async () => {
    const local = await appWith(false);
    expect((await local.inject({ url: '/api/dev/mailbox' })).statusCode).toBe(200);
    const remote = await local.inject({ url: '/api/dev/mailbox', remoteAddress: '192.0.2.7' });
    expect(remote.statusCode).toBe(404);
    expect(remote.headers['content-type']).toContain('application/problem+json');
    // A forged X-Forwarded-For does not make a remote client local.
    const forged = await local.inject({
      url: '/api/dev/mailbox',
      remoteAddress: '192.0.2.7',
      headers: { 'x-forwarded-for': '127.0.0.1' },
    });
    expect(forged.statusCode).toBe(404);
    await local.close();

    const open = await appWith(false, { devMailboxFromAnywhere: true });
    expect((await open.inject({ url: '/api/dev/mailbox', remoteAddress: '192.0.2.7' })).statusCode).toBe(200);
    await open.close();
  });
});
