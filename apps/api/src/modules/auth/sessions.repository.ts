import type { Database, Transaction } from '../../db/prisma';

export interface SessionRecord {
  id: string;
  coordinatorId: string;
  tokenHash: string;
  userAgent: string | null;
  ip: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

export type NewSession = Omit<SessionRecord, 'id'>;

export function sessionsRepository(db: Database | Transaction) {
  return {
    create(input: NewSession): Promise<SessionRecord> {
      return db.session.create({ data: input });
    },

    findByTokenHash(tokenHash: string): Promise<SessionRecord | null> {
      return db.session.findUnique({ where: { tokenHash } });
    },

    /** A coordinator's sessions, most recently seen first. */
    findByCoordinator(coordinatorId: string): Promise<SessionRecord[]> {
      return db.session.findMany({ where: { coordinatorId }, orderBy: [{ lastSeenAt: 'desc' }, { id: 'asc' }] });
    },

    /** Moves lastSeenAt on, unless another request did so less than `minGapMs` ago. */
    async touch(id: string, at: Date, minGapMs: number): Promise<void> {
      await db.session.updateMany({
        where: { id, lastSeenAt: { lt: new Date(at.getTime() - minGapMs) } },
        data: { lastSeenAt: at },
      });
    },

    /** True when there was such a session. */
    async delete(id: string, coordinatorId?: string): Promise<boolean> {
      const { count } = await db.session.deleteMany({ where: { id, ...(coordinatorId ? { coordinatorId } : {}) } });
      return count === 1;
    },

    async deleteByTokenHash(tokenHash: string): Promise<boolean> {
      const { count } = await db.session.deleteMany({ where: { tokenHash } });
      return count === 1;
    },

    /** Ends all of a coordinator's sessions, or all but one. Returns how many. */
    async deleteByCoordinator(coordinatorId: string, exceptId?: string): Promise<number> {
      const { count } = await db.session.deleteMany({
        where: { coordinatorId, ...(exceptId ? { id: { not: exceptId } } : {}) },
      });
      return count;
    },

    /** Sessions past their absolute end, or idle since before `idleSince`. */
    async deleteExpired(now: Date, idleSince: Date): Promise<number> {
      const { count } = await db.session.deleteMany({
        where: { OR: [{ expiresAt: { lte: now } }, { lastSeenAt: { lt: idleSince } }] },
      });
      return count;
    },
  };
}
