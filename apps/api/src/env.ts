import { z } from 'zod';
import { defaultServerTimeouts } from './lib/config';

const milliseconds = (fallback: number) => z.coerce.number().int().min(1).max(3_600_000).default(fallback);

const booleanFlag = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

/** Every setting the app reads, documented in the README. The only reader of process.env. */
export const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().default('0.0.0.0'),
    /** PostgreSQL URL. Unset: an embedded PGlite database in DATA_DIR. */
    DATABASE_URL: z.string().url().optional(),
    DATA_DIR: z.string().default('.data'),
    /** Connections in the pool (real PostgreSQL only; PGlite serves one). */
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
    /** Public address of the app, used in e-mailed links and calendar entries. Default http://localhost:PORT. */
    PUBLIC_URL: z.string().url().optional(),
    /** Key for derived secrets such as manage links. Required in production; elsewhere one is kept in DATA_DIR. */
    APP_SECRET: z.string().min(32).optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** `auto`: readable lines on a terminal, JSON lines otherwise; or always `pretty` / `json`. */
    LOG_FORMAT: z.enum(['auto', 'pretty', 'json']).default('auto'),
    /** Seed the demo data on start when the database is empty. */
    SEED_DEMO_DATA: booleanFlag.default(true),
    /** Directory with the built web app; served at / when present. */
    WEB_DIST_DIR: z.string().optional(),
    /**
     * smtp://user:pass@host:port (STARTTLS when offered), smtps://… (TLS from the start); add
     * ?ignoreTLS=true for a local relay without working STARTTLS. Unset: e-mails stay in the outbox,
     * readable in the development mailbox (/api/dev/mailbox, not in production).
     */
    SMTP_URL: z.string().url().optional(),
    /**
     * The development mailbox, without SMTP and outside production: `auto` serves it to this machine
     * only (and not at all behind a proxy, TRUST_PROXY set), `open` to every client (a shared demo
     * server), `off` not at all.
     */
    DEV_MAILBOX: z.enum(['auto', 'open', 'off']).default('auto'),
    MAIL_FROM: z.string().default('BoK Møder <bok@roskilde.dk>'),
    REMINDER_DAYS_BEFORE: z.coerce.number().int().min(0).max(60).default(3),
    /** How long a client may take to send a whole request, and its headers (lib/config.ts: ServerTimeouts). */
    REQUEST_TIMEOUT_MS: milliseconds(defaultServerTimeouts.requestMs),
    HEADERS_TIMEOUT_MS: milliseconds(defaultServerTimeouts.headersMs),
    /** A connection with no traffic for this long is closed. */
    CONNECTION_TIMEOUT_MS: milliseconds(defaultServerTimeouts.connectionMs),
    /** An idle keep-alive connection is closed after this. */
    KEEP_ALIVE_TIMEOUT_MS: milliseconds(defaultServerTimeouts.keepAliveMs),
    /**
     * On SIGTERM, how long the app goes on answering (each answer closing its connection, health
     * saying 503) before it stops listening; within the 10 s grace period. Ctrl-C does not wait.
     */
    SHUTDOWN_DRAIN_MS: z.coerce.number().int().min(0).max(5_000).default(1_000),
    /**
     * How long a public answer (network page, meetings, themes, libraries) is served from memory.
     * Changes made on this instance show at once; this bounds how long one made by another instance
     * on the same database goes unseen. 0 turns the cache off.
     */
    READ_CACHE_TTL_MS: z.coerce.number().int().min(0).max(1000).default(800),
    /** Registration POSTs allowed per IP per minute, counted in the database (shared by every instance). */
    REGISTRATION_RATE_LIMIT: z.coerce.number().int().min(1).default(60),
    /** A coordinator's session ends after this many minutes without a request. */
    SESSION_IDLE_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(30),
    /** …and this many hours after sign-in, whatever the activity. */
    SESSION_MAX_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 30)
      .default(12),
    /** Failed sign-ins allowed per e-mail address in 15 minutes, counted across instances. */
    LOGIN_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
    /** Failed sign-ins allowed per client address in 15 minutes, whatever the account. */
    LOGIN_FAILURES_PER_IP: z.coerce.number().int().min(1).default(20),
    /**
     * Which reverse proxies to believe about the client's address (X-Forwarded-For): `false`, or a
     * comma-separated list of the proxies' addresses/CIDRs. `true` believes any client, which lets
     * a client choose its own address (and so its rate-limit bucket): only behind a proxy that
     * overwrites the header.
     */
    TRUST_PROXY: z
      .string()
      .default('false')
      .transform((value): boolean | string => {
        const trimmed = value.trim();
        if (trimmed === 'false' || trimmed === '') return false;
        return trimmed === 'true' ? true : trimmed;
      }),
  })
  .superRefine((env, context) => {
    // Node refuses a headers timeout longer than the request timeout it is part of.
    if (env.HEADERS_TIMEOUT_MS > env.REQUEST_TIMEOUT_MS) {
      context.addIssue({ code: 'custom', path: ['HEADERS_TIMEOUT_MS'], message: 'at most REQUEST_TIMEOUT_MS' });
    }
    // Production must not run on a generated secret or send links to localhost.
    if (env.NODE_ENV !== 'production') return;
    for (const key of ['APP_SECRET', 'PUBLIC_URL'] as const) {
      if (!env[key]) context.addIssue({ code: 'custom', path: [key], message: 'required when NODE_ENV=production' });
    }
  });
export type Env = z.infer<typeof envSchema>;

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}
