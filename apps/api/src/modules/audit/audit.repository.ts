import type { Database, Transaction } from '../../db/prisma';
import { Prisma } from '../../generated/prisma/client';

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

/** A row of the log with the names it points at, as they are now. */
export interface AuditRow {
  id: string;
  at: Date;
  actorType: AuditActorType;
  actorId: string | null;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  entityLabel: string | null;
  data: unknown;
}

export interface AuditFilter {
  meetingId?: string | undefined;
  entityType?: string | undefined;
  entityId?: string | undefined;
  /** Ends with a dot: a prefix; else one action exactly. */
  action?: string | undefined;
  actorType?: AuditActorType | undefined;
  /** Older than this entry (keyset: at, then id). */
  before?: { at: Date; id: string } | undefined;
}

export function auditRepository(db: Database | Transaction) {
  return {
    /**
     * Newest first. Names are joined in as they are now, not stored in the log: a registration
     * erased later leaves its entries without the person's name.
     */
    async find(filter: AuditFilter, take: number): Promise<AuditRow[]> {
      const conditions: Prisma.Sql[] = [Prisma.sql`TRUE`];
      if (filter.meetingId)
        conditions.push(
          Prisma.sql`((a."entityType" = 'meeting' AND a."entityId" = ${filter.meetingId}) OR a."data"->>'meetingId' = ${filter.meetingId})`,
        );
      if (filter.entityType) conditions.push(Prisma.sql`a."entityType" = ${filter.entityType}`);
      if (filter.entityId) conditions.push(Prisma.sql`a."entityId" = ${filter.entityId}`);
      if (filter.action)
        conditions.push(
          filter.action.endsWith('.')
            ? Prisma.sql`starts_with(a."action", ${filter.action})`
            : Prisma.sql`a."action" = ${filter.action}`,
        );
      if (filter.actorType) conditions.push(Prisma.sql`a."actorType" = ${filter.actorType}::"ActorType"`);
      if (filter.before)
        conditions.push(Prisma.sql`(a."at", a."id") < (${filter.before.at}::timestamptz, ${filter.before.id}::uuid)`);
      return db.$queryRaw<AuditRow[]>`
        SELECT a."id", a."at", a."actorType"::text AS "actorType", a."actorId", a."action", a."entityType",
               a."entityId", a."data",
               coalesce(c."name", k."name") AS "actorName",
               coalesce(m."title", r."name", ek."name", ec."name") AS "entityLabel"
        FROM "AuditLog" a
        LEFT JOIN "Coordinator" c ON a."actorType" = 'coordinator' AND c."id"::text = a."actorId"
        LEFT JOIN "ApiKey" k ON a."actorType" = 'api_key' AND k."id"::text = a."actorId"
        LEFT JOIN "Meeting" m ON a."entityType" = 'meeting' AND m."id"::text = a."entityId"
        LEFT JOIN "Registration" r ON a."entityType" = 'registration' AND r."id"::text = a."entityId"
        LEFT JOIN "ApiKey" ek ON a."entityType" = 'api_key' AND ek."id"::text = a."entityId"
        LEFT JOIN "Coordinator" ec ON a."entityType" = 'coordinator' AND ec."id"::text = a."entityId"
        WHERE ${Prisma.join(conditions, ' AND ')}
        ORDER BY a."at" DESC, a."id" DESC
        LIMIT ${take}`;
    },

    async record(entry: AuditEntry): Promise<void> {
      await db.auditLog.create({ data: entry });
    },
  };
}
