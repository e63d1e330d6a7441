import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import closeWithGrace from 'close-with-grace';
import { buildApp, listenBacklog } from './app';
import { openDatabase } from './db/database';
import { seedDemoData } from './db/seed';
import { loadEnv } from './env';
import { resolveAppSecret } from './lib/app-secret';
import { type AppConfig, devMailboxFromEnv } from './lib/config';
import { loggerOptions } from './lib/logger';
import { createDemoCoordinator } from './modules/auth/auth.demo';
import { startEmailWorker } from './modules/emails/emails.worker';
import { startMaintenance } from './modules/maintenance/maintenance.worker';
import { reissueManageTokensIfSecretChanged } from './modules/registrations/registrations.tokens';

const env = loadEnv();
const database = await openDatabase(env, { migrate: true });
const config: AppConfig = {
  publicUrl: (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ''),
  appSecret: resolveAppSecret(env),
  mailFrom: env.MAIL_FROM,
  reminderDaysBefore: env.REMINDER_DAYS_BEFORE,
  registrationRateLimit: env.REGISTRATION_RATE_LIMIT,
  readCacheTtlMs: env.READ_CACHE_TTL_MS,
  ...devMailboxFromEnv(env),
  auth: {
    sessionIdleMinutes: env.SESSION_IDLE_MINUTES,
    sessionMaxHours: env.SESSION_MAX_HOURS,
    loginFailuresPerAccount: env.LOGIN_FAILURES_PER_ACCOUNT,
    loginFailuresPerIp: env.LOGIN_FAILURES_PER_IP,
  },
};

// Where the built web app is: WEB_DIST_DIR, or apps/web/dist beside this app.
const webRoot = env.WEB_DIST_DIR
  ? resolve(env.WEB_DIST_DIR)
  : [new URL('../../web/dist', import.meta.url).pathname].find((dir) => existsSync(dir));

const app = await buildApp({
  prisma: database.prisma,
  config,
  ...(webRoot ? { webRoot } : {}),
  trustProxy: env.TRUST_PROXY,
  timeouts: {
    requestMs: env.REQUEST_TIMEOUT_MS,
    headersMs: env.HEADERS_TIMEOUT_MS,
    connectionMs: env.CONNECTION_TIMEOUT_MS,
    keepAliveMs: env.KEEP_ALIVE_TIMEOUT_MS,
  },
  logger: loggerOptions({ level: env.LOG_LEVEL, format: env.LOG_FORMAT }),
});

if (database.migrated.length) app.log.info({ migrations: database.migrated }, 'migrations applied');
if (env.SEED_DEMO_DATA) {
  const result = await seedDemoData(database.prisma);
  if (result.seeded) app.log.info('demo data seeded (first start)');
  // A demo on the embedded database can be signed in to at once; shown this once, never stored in clear.
  if (result.seeded && database.embedded && env.NODE_ENV !== 'production') {
    const demo = await createDemoCoordinator(database.prisma, new Date());
    if (demo) {
      app.log.warn(
        { email: demo.email, password: demo.password },
        'demo coordinator created: sign in with this e-mail and password (shown only now; change it, or create your own with pnpm coordinator:create)',
      );
    }
  }
}

// Before any e-mail goes out: links must match the stored hashes if APP_SECRET changed.
await reissueManageTokensIfSecretChanged(database.prisma, config, app.log.child({ module: 'registrations' }));

// On the same pool as Prisma (PGlite has one connection), after the migrations.
const emailWorker = await startEmailWorker({
  prisma: database.prisma,
  pool: database.pool,
  config,
  smtpUrl: env.SMTP_URL,
  logger: app.log.child({ module: 'emails' }),
});
// Housekeeping (expired Idempotency-Keys, ended rate-limit windows) on the same job queue, so on the same pool.
await startMaintenance(emailWorker.queue, {
  prisma: database.prisma,
  auth: config.auth,
  onSeatsChanged: (meetingId) => app.readCache.meetingChanged(meetingId),
  logger: app.log.child({ module: 'maintenance' }),
});
if (!env.SMTP_URL)
  app.log.info('SMTP_URL is unset: e-mails stay in the outbox (development mailbox at /api/dev/mailbox)');

closeWithGrace({ delay: 10_000 }, async ({ err, signal }) => {
  if (err) app.log.error({ err }, 'shutting down after an error');
  else app.log.info({ signal }, 'shutting down');
  // A process manager's stop: answer what has arrived before the listener goes (plugins/closing.ts).
  // A person's Ctrl-C (SIGINT) or a crash does not wait.
  if (signal === 'SIGTERM' && env.SHUTDOWN_DRAIN_MS > 0) await app.drain(env.SHUTDOWN_DRAIN_MS);
  await app.close();
  await emailWorker.stop();
  await database.close();
});

await app.listen({ port: env.PORT, host: env.HOST, backlog: listenBacklog });
app.log.info(
  { database: database.embedded ? `embedded PGlite in ${env.DATA_DIR}` : 'DATABASE_URL' },
  `BoK Møder is ready at http://localhost:${env.PORT}`,
);
