import type { AuditPage, AuditQuery } from '@bok/shared/audit';
import { isUuid } from '@bok/shared/common';
import type { Database } from '../../db/prisma';
import { AppError } from '../../lib/app-error';
import { auditRepository } from './audit.repository';

/** An opaque keyset cursor: the last entry's time and id. */
export function encodeCursor(entry: { at: Date; id: string }): string {
  return Buffer.from(`${entry.at.toISOString()}|${entry.id}`).toString('base64url');
}

export function decodeCursor(cursor: string): { at: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const date = new Date(at ?? '');
  if (!id || !isUuid(id) || Number.isNaN(date.getTime()))
    throw new AppError('validation_failed', 'The cursor is not one this API gave out.', {
      fields: [{ field: 'query.cursor', code: 'custom', message: 'invalid_cursor' }],
    });
  return { at: date, id };
}

export function auditService(db: Database) {
  return {
    /** The log, newest first, a page at a time. */
    async list(query: AuditQuery): Promise<AuditPage> {
      const rows = await auditRepository(db).find(
        {
          meetingId: query.meetingId,
          entityType: query.entityType,
          entityId: query.entityId,
          action: query.action,
          actorType: query.actorType,
          before: query.cursor ? decodeCursor(query.cursor) : undefined,
        },
        query.limit + 1,
      );
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return {
        items: page.map((row) => ({
          id: row.id,
          at: row.at.toISOString(),
          actor: { type: row.actorType, id: row.actorId, name: row.actorName },
          action: row.action,
          entityType: row.entityType,
          entityId: row.entityId,
          entityLabel: row.entityLabel,
          data: row.data && typeof row.data === 'object' ? (row.data as Record<string, unknown>) : null,
        })),
        nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null,
      };
    },
  };
}
