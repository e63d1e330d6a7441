import type { Database, Transaction } from '../../db/prisma';

export interface ApiKeyRecord {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  createdBy: { id: string; name: string } | null;
}

export interface NewApiKey {
  name: string;
  prefix: string;
  keyHash: string;
  scopes: string[];
  createdById: string | null;
  createdAt: Date;
}

const select = {
  id: true,
  name: true,
  prefix: true,
  scopes: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
  createdBy: { select: { id: true, name: true } },
} as const;

export function apiKeysRepository(db: Database | Transaction) {
  return {
    create(input: NewApiKey): Promise<ApiKeyRecord> {
      return db.apiKey.create({ data: input, select });
    },

    findByKeyHash(keyHash: string): Promise<ApiKeyRecord | null> {
      return db.apiKey.findUnique({ where: { keyHash }, select });
    },

    /** Newest first. */
    findAll(): Promise<ApiKeyRecord[]> {
      return db.apiKey.findMany({ select, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }] });
    },

    findById(id: string): Promise<ApiKeyRecord | null> {
      return db.apiKey.findUnique({ where: { id }, select });
    },

    /** True when the key existed and was not revoked before. */
    async revoke(id: string, at: Date): Promise<boolean> {
      const { count } = await db.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: at } });
      return count === 1;
    },

    /** Moves lastUsedAt on unless it was set less than `minGapMs` ago: one write a minute at most, however busy the key. */
    async touch(id: string, at: Date, minGapMs: number): Promise<void> {
      await db.apiKey.updateMany({
        where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(at.getTime() - minGapMs) } }] },
        data: { lastUsedAt: at },
      });
    },
  };
}
