import type { DatabaseHandle } from '../src/db/prisma';
import { type AppConfig, testConfig } from '../src/lib/config';
import {
  DELIVERY_QUEUE,
  type EmailWorker,
  type EmailWorkerTuning,
  startEmailWorker,
  type WorkerLogger,
} from '../src/modules/emails/emails.worker';

/** Fast clocks, so retries, expiry and sweeps happen within a test's patience. */
export const testWorkerTuning: Partial<EmailWorkerTuning> = {
  sweepIntervalMs: 200,
  retryDelaySeconds: 1,
  pollingIntervalSeconds: 0.5,
  maintenanceIntervalSeconds: 1,
  // Long enough that a delivery on a busy machine is not taken for a dead worker's (the crash test
  // sets its own 3 s for the worker it kills).
  expireInSeconds: 30,
  // Generous: on a busy machine the in-process receiver can be slow to answer, and a timeout would
  // be a retry the test did not ask for.
  smtpConnectionTimeoutMs: 15_000,
  smtpSocketTimeoutMs: 15_000,
};

export interface LogEntry {
  level: 'info' | 'warn' | 'error' | 'debug';
  message: string | undefined;
  data: unknown;
}

/** Keeps what the worker logs, so a test can assert on it instead of printing it. */
export function recordingLogger(): WorkerLogger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const at = (level: LogEntry['level']) => (data: unknown, message?: string) => {
    entries.push({ level, message, data });
  };
  return { entries, info: at('info'), warn: at('warn'), error: at('error'), debug: at('debug') } as WorkerLogger & {
    entries: LogEntry[];
  };
}

export async function startTestEmailWorker(
  database: Pick<DatabaseHandle, 'prisma' | 'pool'>,
  options: { smtpUrl?: string; tuning?: Partial<EmailWorkerTuning>; config?: Partial<AppConfig> } = {},
) {
  const logger = recordingLogger();
  const worker = await startEmailWorker({
    prisma: database.prisma,
    pool: database.pool,
    config: { ...testConfig, ...options.config },
    smtpUrl: options.smtpUrl,
    logger,
    tuning: { ...testWorkerTuning, ...options.tuning },
  });
  return Object.assign(worker, { logger });
}

/**
 * Waits until the worker has nothing in hand: a sweep found no e-mail without a job, and no
 * delivery job is waiting, retrying or running. From then on nothing more is sent unless something
 * new is written — so a test can say "and no second copy came" without sleeping and hoping.
 */
export async function waitUntilNothingInHand(worker: Pick<EmailWorker, 'queue' | 'sweep'>, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  const inHand = () => worker.queue.getQueueSize(DELIVERY_QUEUE, { before: 'completed' });
  while (Date.now() < deadline) {
    await worker.sweep();
    // Twice: the second sweep runs after the queue emptied, so a job lost meanwhile would show.
    if ((await inHand()) === 0) {
      await worker.sweep();
      if ((await inHand()) === 0) return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`The e-mail worker still had deliveries in hand after ${timeoutMs} ms.`);
}
