import type { MessageAudience } from '@bok/shared/messages';
import type { Database, Transaction } from '../../db/prisma';
import type { AuditActorType } from '../audit/audit.repository';

export interface MessageRow {
  id: string;
  audience: MessageAudience;
  subject: string;
  body: string;
  recipientCount: number;
  createdAt: Date;
  actorType: AuditActorType;
  actorName: string | null;
}

export function messagesRepository(db: Database | Transaction) {
  return {
    async create(message: {
      id: string;
      meetingId: string;
      audience: MessageAudience;
      subject: string;
      body: string;
      recipientCount: number;
      actorType: AuditActorType;
      actorId: string | null;
      createdAt: Date;
    }): Promise<void> {
      await db.meetingMessage.create({ data: message });
    },

    /** The meeting's messages, newest first, with who sent each by name as it is now. */
    findForMeeting(meetingId: string): Promise<MessageRow[]> {
      return db.$queryRaw<MessageRow[]>`
        SELECT m."id", m."audience"::text AS "audience", m."subject", m."body", m."recipientCount", m."createdAt",
               m."actorType"::text AS "actorType", coalesce(c."name", k."name") AS "actorName"
        FROM "MeetingMessage" m
        LEFT JOIN "Coordinator" c ON m."actorType" = 'coordinator' AND c."id"::text = m."actorId"
        LEFT JOIN "ApiKey" k ON m."actorType" = 'api_key' AND k."id"::text = m."actorId"
        WHERE m."meetingId" = ${meetingId}::uuid
        ORDER BY m."createdAt" DESC, m."id" DESC`;
    },
  };
}
