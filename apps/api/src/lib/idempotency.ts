import { createHash } from 'node:crypto';
import type { Database, Transaction } from '../db/prisma';

/** How long a stored answer is replayed. Clients retry within minutes; a day covers a night's outage. */
export const idempotencyKeyLifetimeMs = 24 * 60 * 60 * 1000;

/** JSON with object keys sorted and undefined members dropped, so equal requests hash equally. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value))
    return `[${value.map((item) => canonicalJson(item === undefined ? null : item)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, member]) => member !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`).join(',')}}`;
}

/**
 * The fingerprint of a request, taken from what the API parsed rather than the raw bytes: a retry
 * that differs only in key order, whitespace around values or defaults counts as the same request.
 */
export function requestHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

export interface StoredAnswer {
  requestHash: string;
  status: number;
  body: unknown;
}

export function idempotencyKeysRepository(db: Database | Transaction) {
  return {
    async findLive(scope: string, key: string, now: Date): Promise<StoredAnswer | null> {
      const row = await db.idempotencyKey.findUnique({ where: { scope_key: { scope, key } } });
      if (!row || row.expiresAt <= now) return null;
      return { requestHash: row.requestHash, status: row.responseStatus, body: row.responseBody };
    },

    /** The live answers stored under any of `keys`, by key. */
    async findManyLive(scope: string, keys: string[], now: Date): Promise<Map<string, StoredAnswer>> {
      const rows = await db.idempotencyKey.findMany({ where: { scope, key: { in: keys }, expiresAt: { gt: now } } });
      return new Map(
        rows.map((row) => [
          row.key,
          { requestHash: row.requestHash, status: row.responseStatus, body: row.responseBody },
        ]),
      );
    },

    /**
     * Stores an answer. Returns false when another request holds the key: that one wins and this
     * transaction must roll back and replay it. An expired row is replaced. ON CONFLICT waits for a
     * concurrent insert of the same key to finish, so the loser never sees a half-written row.
     */
    async create(scope: string, key: string, answer: StoredAnswer, now: Date): Promise<boolean> {
      const expiresAt = new Date(now.getTime() + idempotencyKeyLifetimeMs);
      const rows = await db.$queryRaw<Array<{ key: string }>>`
        INSERT INTO "IdempotencyKey" ("scope", "key", "requestHash", "responseStatus", "responseBody", "createdAt", "expiresAt")
        VALUES (${scope}, ${key}, ${answer.requestHash}, ${answer.status}, ${JSON.stringify(answer.body)}::jsonb, ${now}, ${expiresAt})
        ON CONFLICT ("scope", "key") DO UPDATE
          SET "requestHash" = EXCLUDED."requestHash", "responseStatus" = EXCLUDED."responseStatus",
              "responseBody" = EXCLUDED."responseBody", "createdAt" = EXCLUDED."createdAt", "expiresAt" = EXCLUDED."expiresAt"
          WHERE "IdempotencyKey"."expiresAt" <= ${now}
        RETURNING "key"`;
      return rows.length === 1;
    },

    /**
     * Deletes up to `limit` answers that had expired by `now`; returns how many. The expiry is
     * checked again on the row itself, so an answer stored under an expired key meanwhile stays.
     */
    deleteExpired(now: Date, limit: number): Promise<number> {
      return db.$executeRaw`
        DELETE FROM "IdempotencyKey"
        WHERE "expiresAt" <= ${now} AND ("scope", "key") IN (
          SELECT "scope", "key" FROM "IdempotencyKey" WHERE "expiresAt" <= ${now} ORDER BY "expiresAt" LIMIT ${limit})`;
    },

    /**
     * Stores answers under distinct keys in one statement, on the same terms as `create`, each
     * stored at its own `now`. Returns the keys stored; a key missing from it is held by another request.
     */
    async createMany(
      scope: string,
      answers: Array<{ key: string; answer: StoredAnswer; now: Date }>,
    ): Promise<Set<string>> {
      if (!answers.length) return new Set();
      const createdAt = answers.map(({ now }) => now.toISOString());
      const expiresAt = answers.map(({ now }) => new Date(now.getTime() + idempotencyKeyLifetimeMs).toISOString());
      const rows = await db.$queryRaw<Array<{ key: string }>>`
        INSERT INTO "IdempotencyKey" ("scope", "key", "requestHash", "responseStatus", "responseBody", "createdAt", "expiresAt")
        SELECT ${scope}, a.key, a.request_hash, a.status, a.body, a.created_at, a.expires_at
        FROM unnest(
          ${answers.map(({ key }) => key)}::text[], ${answers.map(({ answer }) => answer.requestHash)}::text[],
          ${answers.map(({ answer }) => answer.status)}::int[], ${answers.map(({ answer }) => JSON.stringify(answer.body))}::jsonb[],
          ${createdAt}::timestamptz[], ${expiresAt}::timestamptz[]
        ) AS a(key, request_hash, status, body, created_at, expires_at)
        ON CONFLICT ("scope", "key") DO UPDATE
          SET "requestHash" = EXCLUDED."requestHash", "responseStatus" = EXCLUDED."responseStatus",
              "responseBody" = EXCLUDED."responseBody", "createdAt" = EXCLUDED."createdAt", "expiresAt" = EXCLUDED."expiresAt"
          WHERE "IdempotencyKey"."expiresAt" <= EXCLUDED."createdAt"
        RETURNING "key"`;
      return new Set(rows.map((row) => row.key));
    },
  };
}
