import type { Env } from '../env';

/** What the modules need to know about their surroundings; built from env in server.ts. */
export interface AppConfig {
  /** Public address of the app, for e-mailed links and calendar entries (no trailing slash). */
  publicUrl: string;
  /** Key for derived secrets (manage tokens). */
  appSecret: string;
  mailFrom: string;
  reminderDaysBefore: number;
  registrationRateLimit: number;
  /** Lifetime of a cached public answer (READ_CACHE_TTL_MS); 0: no cache. */
  readCacheTtlMs: number;
  /** Serve the development mailbox (/api/dev/mailbox): only without SMTP and outside production. */
  devMailbox: boolean;
  /** Let other machines than this one read the development mailbox (a shared demo server). */
  devMailboxFromAnywhere: boolean;
  auth: AuthConfig;
}

/**
 * How long the HTTP server waits for a client. Without limits a client that sends its request a
 * byte at a time holds a connection as long as it likes (Node's own request timeout is off under
 * Fastify). A registration form is a few hundred bytes: 30 s for a whole request and 15 s for its
 * headers leave a poor mobile connection plenty of time.
 */
export interface ServerTimeouts {
  /** The whole request, headers and body, must have arrived within this. */
  requestMs: number;
  /** The headers must have arrived within this (at most requestMs). */
  headersMs: number;
  /** A connection on which nothing moves for this long is closed. */
  connectionMs: number;
  /** An idle keep-alive connection is closed after this; longer than a proxy in front keeps its own. */
  keepAliveMs: number;
}

export const defaultServerTimeouts: ServerTimeouts = {
  requestMs: 30_000,
  headersMs: 15_000,
  connectionMs: 60_000,
  keepAliveMs: 72_000,
};

/**
 * Whether to serve the development mailbox, which shows every manage link: only without SMTP and
 * outside production. `auto` means this machine only, which a reverse proxy makes meaningless
 * (every client arrives from it): with TRUST_PROXY set, `auto` keeps the mailbox off; `open` is
 * the explicit way to serve it to everyone.
 */
export function devMailboxFromEnv(
  env: Pick<Env, 'DEV_MAILBOX' | 'SMTP_URL' | 'NODE_ENV' | 'TRUST_PROXY'>,
): Pick<AppConfig, 'devMailbox' | 'devMailboxFromAnywhere'> {
  const available = env.DEV_MAILBOX !== 'off' && !env.SMTP_URL && env.NODE_ENV !== 'production';
  const open = env.DEV_MAILBOX === 'open';
  return { devMailbox: available && (open || !env.TRUST_PROXY), devMailboxFromAnywhere: open };
}

/** Coordinator sign-in (docs/decisions/0008-coordinator-sign-in.md). */
export interface AuthConfig {
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  loginFailuresPerAccount: number;
  loginFailuresPerIp: number;
}

export const defaultAuthConfig: AuthConfig = {
  sessionIdleMinutes: 30,
  sessionMaxHours: 12,
  loginFailuresPerAccount: 5,
  loginFailuresPerIp: 20,
};

export const testConfig: AppConfig = {
  publicUrl: 'http://localhost:3000',
  appSecret: 'test-secret-test-secret-test-secret',
  mailFrom: 'BoK Møder <bok@roskilde.dk>',
  reminderDaysBefore: 3,
  // Counted per database (shared by every app on it): a test file's apps send thousands a minute from one address.
  registrationRateLimit: 1_000_000,
  readCacheTtlMs: 800,
  devMailbox: true,
  devMailboxFromAnywhere: false,
  auth: defaultAuthConfig,
};
