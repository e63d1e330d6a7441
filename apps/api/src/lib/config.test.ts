import { describe, expect, it } from 'vitest';
import { loadEnv } from '../env';
import { devMailboxFromEnv } from './config';

describe('devMailboxFromEnv', () => {
  it('serves the mailbox to this machine by default, without SMTP and outside production', () => {
    expect(devMailboxFromEnv(loadEnv({}))).toEqual({ devMailbox: true, devMailboxFromAnywhere: false });
    expect(devMailboxFromEnv(loadEnv({ SMTP_URL: 'smtp://relay.example:25' })).devMailbox).toBe(false);
    expect(devMailboxFromEnv(loadEnv({ DEV_MAILBOX: 'off' })).devMailbox).toBe(false);
    const production = loadEnv({ NODE_ENV: 'production', APP_SECRET: 'x'.repeat(32), PUBLIC_URL: 'https://m.example' });
    expect(devMailboxFromEnv({ ...production, DEV_MAILBOX: 'open' }).devMailbox).toBe(false);
  });

  it('keeps it off behind a reverse proxy in auto mode, where every client comes from this machine', () => {
    expect(devMailboxFromEnv(loadEnv({ TRUST_PROXY: 'true' })).devMailbox).toBe(false);
    expect(devMailboxFromEnv(loadEnv({ TRUST_PROXY: '127.0.0.1' })).devMailbox).toBe(false);
    // Opened on purpose (a shared demo server): for every client, proxy or not.
    expect(devMailboxFromEnv(loadEnv({ TRUST_PROXY: 'true', DEV_MAILBOX: 'open' }))).toEqual({
      devMailbox: true,
      devMailboxFromAnywhere: true,
    });
  });
});
