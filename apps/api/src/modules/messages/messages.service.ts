import { randomUUID } from 'node:crypto';
import type { Message, MessageList, MessagePreview, messageCreateSchema } from '@bok/shared/messages';
import type { z } from 'zod';
import type { Database } from '../../db/prisma';
import { AppError, notFound } from '../../lib/app-error';
import type { AppConfig } from '../../lib/config';
import type { Actor } from '../api-keys/api-keys.service';
import { auditRepository } from '../audit/audit.repository';
import { outboxRenderer } from '../emails/emails.render';
import { emailsRepository } from '../emails/emails.repository';
import { meetingsRepository } from '../meetings/meetings.repository';
import { type MessageRow, messagesRepository } from './messages.repository';

type MessageInput = z.output<typeof messageCreateSchema>;

const toMessage = (row: MessageRow): Message => ({
  id: row.id,
  audience: row.audience,
  subject: row.subject,
  body: row.body,
  recipientCount: row.recipientCount,
  createdAt: row.createdAt.toISOString(),
  sentBy: { type: row.actorType === 'registrant' ? 'system' : row.actorType, name: row.actorName },
});

/**
 * The coordinator writes to a group of a meeting's participants. The message is kept with the
 * meeting and its e-mails are written to the outbox in the same transaction, one per person, so
 * none is lost and none goes twice; each is worded around the message in its recipient's language.
 */
export function messagesService(db: Database, config: AppConfig) {
  async function meetingIdOf(idOrSlug: string) {
    const meeting = await meetingsRepository(db).findIdAndStatus(idOrSlug);
    if (!meeting) throw notFound('The meeting');
    return meeting;
  }

  return {
    async list(idOrSlug: string): Promise<MessageList> {
      const meeting = await meetingIdOf(idOrSlug);
      return { items: (await messagesRepository(db).findForMeeting(meeting.id)).map(toMessage) };
    },

    async preview(idOrSlug: string, input: MessageInput): Promise<MessagePreview> {
      const meeting = await meetingIdOf(idOrSlug);
      const recipientCount = await emailsRepository(db).countMessageAudience(meeting.id, input.audience);
      const email = await outboxRenderer(db, config).previewMessage(meeting.id, input, {
        name: '[navn]',
        locale: 'da',
      });
      if (!email) throw notFound('The meeting');
      return { recipientCount, ...email };
    },

    async send(idOrSlug: string, input: MessageInput, actor: Actor, context: { ip: string | null; now: Date }) {
      const meeting = await meetingIdOf(idOrSlug);
      if (meeting.status === 'draft') throw new AppError('conflict', 'The meeting is a draft: nobody is registered.');
      const id = randomUUID();
      const recipientCount = await db.$transaction(async (tx) => {
        const recipients = await emailsRepository(tx).insertMessage(meeting.id, { id, audience: input.audience });
        if (recipients === 0)
          throw new AppError('conflict', 'Nobody is in that group: the message would reach no one.', {
            fields: [{ field: 'audience', code: 'custom', message: 'audience_empty' }],
          });
        await messagesRepository(tx).create({
          id,
          meetingId: meeting.id,
          ...input,
          recipientCount: recipients,
          actorType: actor.type,
          actorId: actor.id,
          createdAt: context.now,
        });
        // The subject only: the text is the meeting's history's to keep, not the log's.
        await auditRepository(tx).record({
          actorType: actor.type,
          actorId: actor.id,
          action: 'meeting.message_sent',
          entityType: 'meeting',
          entityId: meeting.id,
          data: { messageId: id, audience: input.audience, subject: input.subject, recipients },
          ip: context.ip,
          at: context.now,
        });
        return recipients;
      });
      return toMessage({
        id,
        ...input,
        recipientCount,
        createdAt: context.now,
        actorType: actor.type,
        actorName: null,
      });
    },
  };
}
