import type { Database, Transaction } from '../../db/prisma';

export interface NewPasswordReset {
  id: string;
  coordinatorId: string;
  tokenHash: string;
  ip: string | null;
  createdAt: Date;
  expiresAt: Date;
}

export function passwordResetsRepository(db: Database | Transaction) {
  return {
    async create(input: NewPasswordReset): Promise<void> {
      await db.passwordReset.create({ data: input });
    },

    countCreatedSince(coordinatorId: string, since: Date): Promise<number> {
      return db.passwordReset.count({ where: { coordinatorId, createdAt: { gt: since } } });
    },

    /**
     * Uses up a reset link: only an unused one that has not expired, and only once (two racing
     * requests: one gets it). Returns its coordinator, or null.
     */
    async consume(tokenHash: string, now: Date): Promise<{ id: string; coordinatorId: string } | null> {
      const rows = await db.$queryRaw<Array<{ id: string; coordinatorId: string }>>`
        UPDATE "PasswordReset" SET "usedAt" = ${now}
        WHERE "tokenHash" = ${tokenHash} AND "usedAt" IS NULL AND "expiresAt" > ${now}
        RETURNING "id"::text AS "id", "coordinatorId"::text AS "coordinatorId"`;
      return rows[0] ?? null;
    },

    /** Ends a coordinator's other unused links (a newer one was sent, or the password changed). */
    async expireUnused(coordinatorId: string, now: Date): Promise<void> {
      await db.passwordReset.updateMany({
        where: { coordinatorId, usedAt: null, expiresAt: { gt: now } },
        data: { expiresAt: now },
      });
    },

    async deleteExpiredBefore(before: Date): Promise<number> {
      const { count } = await db.passwordReset.deleteMany({ where: { expiresAt: { lt: before } } });
      return count;
    },
  };
}
