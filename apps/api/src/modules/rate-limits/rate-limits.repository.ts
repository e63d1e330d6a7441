import type { Database } from '../../db/prisma';

export interface RateLimitCount {
  /** Requests counted in the current window, this one included. */
  count: number;
  /** Milliseconds until the window ends and the count starts again. */
  ttlMs: number;
}

/**
 * The counts behind the rate limits, shared by every app instance on the database. Windows are
 * measured by the database's clock, so instances with drifting clocks still agree on them.
 */
export function rateLimitsRepository(db: Database) {
  return {
    /**
     * Counts `hits` requests in one statement: the first of a window creates (or restarts) the row,
     * later ones add to it. The row lock of ON CONFLICT serialises concurrent statements, so no two
     * hits get the same count, whichever instance they reach. Returns the count after these hits.
     */
    async increment(bucket: string, key: string, windowMs: number, hits = 1): Promise<RateLimitCount> {
      const rows = await db.$queryRaw<RateLimitCount[]>`
        INSERT INTO "RateLimit" AS r ("bucket", "key", "count", "resetAt")
        VALUES (${bucket}, ${key}, ${hits}::integer, now() + ${windowMs}::integer * interval '1 millisecond')
        ON CONFLICT ("bucket", "key") DO UPDATE
          SET "count" = CASE WHEN r."resetAt" <= now() THEN EXCLUDED."count" ELSE r."count" + EXCLUDED."count" END,
              "resetAt" = CASE WHEN r."resetAt" <= now() THEN EXCLUDED."resetAt" ELSE r."resetAt" END
        RETURNING r."count", GREATEST(0, FLOOR(EXTRACT(EPOCH FROM r."resetAt" - now()) * 1000))::integer AS "ttlMs"`;
      return rows[0]!;
    },

    /**
     * Deletes up to `limit` rows whose window had ended; returns how many. The end is checked again
     * on the row itself, so a window restarted meanwhile stays.
     */
    deleteExpired(limit: number): Promise<number> {
      return db.$executeRaw`
        DELETE FROM "RateLimit"
        WHERE "resetAt" <= now() AND ("bucket", "key") IN (
          SELECT "bucket", "key" FROM "RateLimit" WHERE "resetAt" <= now() ORDER BY "resetAt" LIMIT ${limit})`;
    },
  };
}
