import type { MailboxEmail, MailboxList, MailboxMessage } from '@bok/shared/emails';
import type { Database } from '../../db/prisma';
import { notFound } from '../../lib/app-error';
import type { AppConfig } from '../../lib/config';
import { EmailNotRenderable, outboxRenderer, withSecretLinks } from './emails.render';
import { emailsRepository, type OutboxEmailRow } from './emails.repository';

// Outbox rows never reach the client as they are: these map them onto the shared schemas.
// A row that could not be written (its meeting is gone) shows with an empty subject and text.
function toMailboxEmail(row: OutboxEmailRow): MailboxEmail {
  return {
    id: row.id,
    kind: row.kind,
    to: row.toAddress,
    toName: row.toName,
    locale: row.locale,
    subject: row.subject ?? '',
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
    hasCalendar: row.icsContent !== null,
  };
}

function toMailboxMessage(row: OutboxEmailRow): MailboxMessage {
  return {
    ...toMailboxEmail(row),
    text: row.textBody ?? '',
    html: row.htmlBody,
    ics: row.icsContent,
    registrationId: row.registrationId,
    meetingId: row.meetingId,
    attempts: row.attempts,
    lastError: row.lastError,
  };
}

/**
 * The development mailbox: the outbox read as an inbox, for demos without an SMTP server.
 * E-mails are written when they are sent; here nothing is sent, so an e-mail is written (and
 * stored, as a delivery would) the first time the mailbox shows it. As with a delivery, the
 * manage link is put into the stored text only on its way out.
 */
export function mailboxService(db: Database, config: AppConfig) {
  const repository = emailsRepository(db);

  async function rendered(rows: OutboxEmailRow[]): Promise<OutboxEmailRow[]> {
    const renderer = outboxRenderer(db, config);
    const result: OutboxEmailRow[] = [];
    for (const row of rows) {
      try {
        result.push(await renderer.ensureRendered(row));
      } catch (error) {
        if (!(error instanceof EmailNotRenderable)) throw error;
        result.push(row);
      }
    }
    return result;
  }

  /** As it would arrive, manage link included; one whose registration is gone shows as stored. */
  function withLinkIfPossible(row: OutboxEmailRow): OutboxEmailRow {
    try {
      return withSecretLinks(row, config);
    } catch (error) {
      if (!(error instanceof EmailNotRenderable)) throw error;
      return row;
    }
  }

  return {
    async list(query: { to?: string | undefined; limit: number }): Promise<MailboxList> {
      const where = query.to ? { toAddress: { equals: query.to, mode: 'insensitive' as const } } : {};
      const rows = await rendered(await repository.findMany(where, query.limit));
      return { items: rows.map(toMailboxEmail) };
    },

    async get(id: string): Promise<MailboxMessage> {
      const row = await repository.findById(id);
      if (!row) throw notFound('The e-mail');
      const [shown] = await rendered([row]);
      return toMailboxMessage(withLinkIfPossible(shown!));
    },
  };
}
