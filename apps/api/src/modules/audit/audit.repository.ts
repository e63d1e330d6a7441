import type { Database, Transaction } from '../../db/prisma';

export type AuditActorType = 'coordinator' | 'registrant' | 'api_key' | 'system';

/** Who did what, when and from where. Never passwords, tokens or codes. */
export interface AuditEntry {
  actorType: AuditActorType;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  data?: Record<string, string | number | boolean | null | string[]>;
  ip: string | null;
  at?: Date;
}

export function auditRepository(db: Database | Transaction) {
  return {
    async record(entry: AuditEntry): Promise<void> {
      await db.auditLog.create({ data: entry });
    },
  };
}
