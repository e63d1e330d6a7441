import { describe, expect, it } from 'vitest';
import { loadEnv } from './env';

describe('loadEnv', () => {
  it('has working defaults for a newcomer', () => {
    const env = loadEnv({});
    expect(env).toMatchObject({
      PORT: 3000,
      HOST: '0.0.0.0',
      DATA_DIR: '.data',
      TRUST_PROXY: false,
      DEV_MAILBOX: 'auto',
    });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('reads TRUST_PROXY as off, everything, or proxy addresses', () => {
    expect(loadEnv({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(false);
    expect(loadEnv({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(true);
    expect(loadEnv({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).TRUST_PROXY).toBe('10.0.0.0/8, 127.0.0.1');
  });

  it('refuses production without its own secret and public address, naming both', () => {
    expect(() => loadEnv({ NODE_ENV: 'production' })).toThrow(/APP_SECRET: required.*\n.*PUBLIC_URL: required/s);
    expect(
      loadEnv({ NODE_ENV: 'production', APP_SECRET: 'x'.repeat(32), PUBLIC_URL: 'https://moeder.example' }).NODE_ENV,
    ).toBe('production');
  });

  it('waits 30 s for a request and 15 s for its headers, and refuses headers allowed longer than the request', () => {
    expect(loadEnv({})).toMatchObject({ REQUEST_TIMEOUT_MS: 30_000, HEADERS_TIMEOUT_MS: 15_000 });
    expect(loadEnv({ REQUEST_TIMEOUT_MS: '5000', HEADERS_TIMEOUT_MS: '2000' }).REQUEST_TIMEOUT_MS).toBe(5_000);
    expect(() => loadEnv({ REQUEST_TIMEOUT_MS: '5000' })).toThrow(/HEADERS_TIMEOUT_MS: at most REQUEST_TIMEOUT_MS/);
  });

  it('names the setting that is wrong', () => {
    expect(() => loadEnv({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadEnv({ DATABASE_URL: 'not a url' })).toThrow(/DATABASE_URL/);
  });
});
