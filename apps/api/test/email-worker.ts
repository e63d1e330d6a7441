import type { DatabaseHandle } from '../src/db/prisma';
import { type AppConfig, testConfig } from '../src/lib/config';
import { type EmailWorkerTuning, startEmailWorker, type WorkerLogger } from '../src/modules/emails/emails.worker';

/** Fast clocks, so retries, expiry and sweeps happen within a test's patience. */
export const testWorkerTuning: Partial<EmailWorkerTuning> = {
  sweepIntervalMs: 200,
  retryDelaySeconds: 1,
  pollingIntervalSeconds: 0.5,
  maintenanceIntervalSeconds: 1,
  expireInSeconds: 3,
  smtpConnectionTimeoutMs: 2_000,
  smtpSocketTimeoutMs: 2_000,
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
