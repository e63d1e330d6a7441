import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';
import PgBoss from 'pg-boss';
import type { Database } from '../../db/prisma';
import type { AppConfig } from '../../lib/config';
import { describeUnavailable, isDatabaseUnavailable } from '../../lib/db-errors';
import { ensureQueue, scheduleRecurringJob } from '../../lib/recurring-job';
import { createSmtpTransport, deliverOutboxEmail, type SmtpTransport } from './emails.delivery';
import { enqueueDueReminders } from './emails.reminders';
import { emailsRepository } from './emails.repository';

/*
 * Why pg-boss (10.x): a well-kept job queue that is plain SQL on the PostgreSQL we already run
 * (no broker to operate), with retries and exponential backoff, job expiry that hands the work of
 * a dead worker to a live one, cron schedules, and an executor option that lets it share our one
 * node-postgres pool — which embedded PGlite requires. v11+ needs Node 22; we are on Node 20.
 *
 * The outbox table is the truth; the queue only carries the work. Each outbox e-mail gets exactly
 * one job whose id IS the e-mail's id, so re-enqueueing is an idempotent no-op and only one worker
 * holds an e-mail at a time. A sweep finds e-mails without a job (just written, or their job was
 * lost) and settles e-mails whose delivery was interrupted on its last attempt.
 * The guarantees and their one gap: docs/decisions/0003-e-mail-outbox-on-pg-boss.md.
 */

export const DELIVERY_QUEUE = 'email-delivery';
export const REMINDER_QUEUE = 'email-reminders';

export type WorkerLogger = Pick<FastifyBaseLogger, 'info' | 'warn' | 'error' | 'debug'>;

export interface EmailWorkerTuning {
  /** How often the outbox is swept for e-mails that have no job yet. */
  sweepIntervalMs: number;
  /** Attempts after the first; with backoff from 30 s doubling, ten retries span about 8½–17 hours. */
  retryLimit: number;
  retryDelaySeconds: number;
  /** A job held longer than this (its worker died or hung) is given to another worker. */
  expireInSeconds: number;
  pollingIntervalSeconds: number;
  /** Deliveries at once (one pg-boss worker each). */
  concurrency: number;
  /** How often pg-boss expires jobs of dead workers and archives old jobs. */
  maintenanceIntervalSeconds: number;
  /** When reminders are looked for, in Copenhagen time: hourly through the day, so none arrives at night. */
  reminderCron: string;
  smtpConnectionTimeoutMs: number;
  smtpSocketTimeoutMs: number;
}

export const defaultTuning: EmailWorkerTuning = {
  sweepIntervalMs: 2_000,
  retryLimit: 10,
  retryDelaySeconds: 30,
  expireInSeconds: 10 * 60,
  pollingIntervalSeconds: 2,
  concurrency: 3,
  maintenanceIntervalSeconds: 60,
  reminderCron: '0 8-20 * * *',
  smtpConnectionTimeoutMs: 30_000,
  smtpSocketTimeoutMs: 2 * 60_000,
};

export interface EmailWorkerOptions {
  prisma: Database;
  /** The pool under Prisma: pg-boss runs on it, never on a pool of its own (PGlite has one connection). */
  pool: pg.Pool;
  config: AppConfig;
  /** Unset: e-mails stay in the outbox (the development mailbox shows them); reminders still run. */
  smtpUrl?: string | undefined;
  logger: WorkerLogger;
  tuning?: Partial<EmailWorkerTuning>;
}

export interface EmailWorker {
  /** The job queue, on our pool: other modules' jobs run on it too, never on a second pool or instance. */
  queue: PgBoss;
  /** Sweeps the outbox now instead of at the next tick (tests; or after a burst of writes). */
  sweep(): Promise<void>;
  stop(): Promise<void>;
}

interface DeliveryJob {
  outboxId: string;
}

const inHand = new Set(['created', 'retry', 'active']);

/** Starts delivery (when SMTP is configured) and the reminder schedule. Call after migrations. */
export async function startEmailWorker(options: EmailWorkerOptions): Promise<EmailWorker> {
  const tuning = { ...defaultTuning, ...options.tuning };
  const { prisma, pool, config, logger } = options;
  const repository = emailsRepository(prisma);

  const boss = new PgBoss({
    db: { executeSql: (text: string, values: unknown[]) => pool.query(text, values) },
    maintenanceIntervalSeconds: tuning.maintenanceIntervalSeconds,
  });
  boss.on('error', (error) => {
    // While the database restarts, pg-boss's polling fails: expected, and it recovers by itself.
    if (isDatabaseUnavailable(error))
      logger.warn({ reason: describeUnavailable(error) }, 'job queue: database unavailable');
    else logger.error({ err: error }, 'job queue error');
  });
  await boss.start();

  const deliveryQueue = {
    retryLimit: tuning.retryLimit,
    retryDelay: tuning.retryDelaySeconds,
    retryBackoff: true,
    expireInSeconds: tuning.expireInSeconds,
  };
  await ensureQueue(boss, DELIVERY_QUEUE, { name: DELIVERY_QUEUE, policy: 'standard', ...deliveryQueue });
  // An existing queue is kept as it was: apply today's settings to it.
  await boss.updateQueue(DELIVERY_QUEUE, { name: DELIVERY_QUEUE, ...deliveryQueue });

  // An hourly scan; a missed tick is made up for by the next.
  await scheduleRecurringJob(boss, {
    name: REMINDER_QUEUE,
    cron: tuning.reminderCron,
    run: async () => {
      const due = await enqueueDueReminders(prisma, config, new Date());
      if (due) logger.info({ due }, 'reminders written to the outbox');
    },
  });

  let transport: SmtpTransport | undefined;
  const deliveryWorkerIds: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  let sweeping: Promise<void> | undefined;
  let stopped = false;
  /** E-mails this process has seen a job for, so the sweep does not ask the queue again each tick. */
  const dispatched = new Set<string>();

  const sendJob = (outboxId: string) => boss.send(DELIVERY_QUEUE, { outboxId } satisfies DeliveryJob, { id: outboxId });

  /** An e-mail whose job the queue already knows: is it in hand, or did its delivery end without settling it? */
  async function reconcile(row: { id: string; status: string }) {
    const job = await boss.getJobById<DeliveryJob>(DELIVERY_QUEUE, row.id, { includeArchive: true });
    if (job && inHand.has(job.state)) return;
    if (row.status === 'sending') {
      // The worker died during the last attempt: whether SMTP accepted the message is unknown. Say so.
      const { count } = await repository.markFailed(
        row.id,
        'Delivery was interrupted on its last attempt; it may or may not have arrived.',
      );
      if (count) logger.warn({ outboxId: row.id }, 'e-mail delivery interrupted on its last attempt');
      return;
    }
    // Pending, but its job is finished: it was put back to pending by hand to be tried again.
    if (job) await boss.deleteJob(DELIVERY_QUEUE, row.id);
    await sendJob(row.id);
  }

  async function sweepOnce() {
    const limit = 1000;
    const rows = await repository.findUnsettled(limit);
    let added = 0;
    for (const row of rows) {
      if (!dispatched.has(row.id)) {
        dispatched.add(row.id);
        // The job's id is the e-mail's: an e-mail that has a job already gets no second one.
        if (await sendJob(row.id)) {
          added += 1;
          continue;
        }
      } else if (row.status !== 'sending') {
        continue;
      }
      // A job existed before this sweep, or the e-mail is being (or was being) sent: check on it.
      await reconcile(row);
    }
    if (rows.length < limit) {
      const unsettled = new Set(rows.map((row) => row.id));
      for (const id of dispatched) if (!unsettled.has(id)) dispatched.delete(id);
    }
    if (added) for (const id of deliveryWorkerIds) boss.notifyWorker(id);
  }

  function sweep(): Promise<void> {
    // One sweep at a time; a caller asking during one waits for it and then runs its own.
    const run = (sweeping ?? Promise.resolve())
      .then(() => (stopped ? undefined : sweepOnce()))
      .catch((error) =>
        isDatabaseUnavailable(error)
          ? logger.warn({ reason: describeUnavailable(error) }, 'outbox sweep: database unavailable')
          : logger.error({ err: error }, 'outbox sweep failed'),
      );
    sweeping = run;
    return run;
  }

  async function deliver(smtp: SmtpTransport, job: PgBoss.JobWithMetadata<DeliveryJob>) {
    const outcome = await deliverOutboxEmail(prisma, config, smtp, {
      outboxId: job.data.outboxId,
      lastAttempt: job.retryCount >= job.retryLimit,
    });
    if (outcome.result === 'retry') {
      logger.warn(
        { outboxId: job.data.outboxId, attempt: job.retryCount + 1, error: outcome.error },
        'e-mail delivery failed; will retry',
      );
      // Throwing makes pg-boss schedule the retry, with its backoff.
      throw new Error(outcome.error);
    }
    if (outcome.result === 'failed')
      logger.error({ outboxId: job.data.outboxId, error: outcome.error }, 'e-mail delivery gave up');
    return outcome;
  }

  if (options.smtpUrl) {
    const smtp = createSmtpTransport(options.smtpUrl, {
      connectionMs: tuning.smtpConnectionTimeoutMs,
      socketMs: tuning.smtpSocketTimeoutMs,
    });
    transport = smtp;
    for (let slot = 0; slot < tuning.concurrency; slot++) {
      const id: string = await boss.work<DeliveryJob>(
        DELIVERY_QUEUE,
        { includeMetadata: true, batchSize: 1, pollingIntervalSeconds: tuning.pollingIntervalSeconds },
        async ([job]) => {
          if (!job) return;
          // pg-boss waits a polling interval after every job; while there is work, fetch again at once.
          boss.notifyWorker(id);
          return deliver(smtp, job);
        },
      );
      deliveryWorkerIds.push(id);
    }
    const tick = () => {
      timer = setTimeout(() => {
        void sweep().finally(() => {
          if (!stopped) tick();
        });
      }, tuning.sweepIntervalMs);
      timer.unref();
    };
    await sweep();
    tick();
  }

  return {
    queue: boss,
    sweep,
    async stop() {
      if (stopped) return;
      stopped = true;
      clearTimeout(timer);
      await sweeping;
      // Waits for a delivery in progress; one still running after the timeout is failed back to
      // the queue and retried by the next worker.
      await boss.stop({ graceful: true, wait: true, close: false, timeout: 5_000 });
      transport?.close();
    },
  };
}
