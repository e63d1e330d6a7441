import type { Database } from '../../db/prisma';
import { idempotencyKeysRepository } from '../../lib/idempotency';
import { rateLimitsRepository } from '../rate-limits/rate-limits.repository';

/** Rows per statement: on embedded PGlite every query waits for its one connection, so give it back often. */
const defaultBatchSize = 1000;

/**
 * Deletes the stored answers of Idempotency-Keys that have expired by `now`: they are never
 * replayed again (lib/idempotency.ts), and would otherwise be kept forever. Returns how many.
 */
export async function purgeExpiredIdempotencyKeys(
  db: Database,
  now: Date,
  batchSize = defaultBatchSize,
): Promise<number> {
  const repository = idempotencyKeysRepository(db);
  let purged = 0;
  for (;;) {
    const deleted = await repository.deleteExpired(now, batchSize);
    purged += deleted;
    if (deleted < batchSize) return purged;
  }
}

/**
 * Deletes the rate-limit counts whose window has ended (by the database's clock): the next request
 * of that client would start them again anyway. Returns how many.
 */
export async function purgeExpiredRateLimits(db: Database, batchSize = defaultBatchSize): Promise<number> {
  const repository = rateLimitsRepository(db);
  let purged = 0;
  for (;;) {
    const deleted = await repository.deleteExpired(batchSize);
    purged += deleted;
    if (deleted < batchSize) return purged;
  }
}
