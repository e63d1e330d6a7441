import nodemailer from 'nodemailer';
import type { Database } from '../../db/prisma';
import type { AppConfig } from '../../lib/config';
import { EmailNotRenderable, outboxRenderer, type RenderedOutboxEmail, withSecretLinks } from './emails.render';
import { emailsRepository } from './emails.repository';

/** Deterministic, so a receiver can drop the copy sent again after a crash between SMTP and our bookkeeping. */
export function messageIdFor(outboxId: string): string {
  return `<${outboxId}@bok-moder>`;
}

export type SmtpTransport = nodemailer.Transporter;

/**
 * Every wait is bounded: a send must end well inside the job's expiry, or the queue would hand
 * the e-mail to another worker while this one may still complete it (a duplicate).
 */
export function createSmtpTransport(smtpUrl: string, timeouts: { connectionMs: number; socketMs: number }) {
  const url = new URL(smtpUrl);
  return nodemailer.createTransport({
    host: url.hostname,
    port: url.port ? Number(url.port) : url.protocol === 'smtps:' ? 465 : 587,
    secure: url.protocol === 'smtps:',
    ...(url.username
      ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }
      : {}),
    // smtp://…?ignoreTLS=true for a local relay that offers STARTTLS badly.
    ignoreTLS: url.searchParams.get('ignoreTLS') === 'true',
    connectionTimeout: timeouts.connectionMs,
    greetingTimeout: timeouts.connectionMs,
    socketTimeout: timeouts.socketMs,
  });
}

/** The outcome of one delivery attempt, for the job's result and the logs. */
export type DeliveryOutcome =
  | { result: 'sent'; messageId: string }
  | { result: 'settled' } // sent or failed before: nothing to do
  | { result: 'failed'; error: string } // given up: permanent rejection or last attempt
  | { result: 'retry'; error: string }; // temporary failure: the queue tries again later

const calendarMethod = (ics: string) => /^METHOD:([A-Z-]+)\r?$/m.exec(ics)?.[1] ?? 'PUBLISH';

/** 5xx answers are the receiving server's final word; anything else (4xx, network) may pass later. */
function isPermanent(error: unknown): boolean {
  const code = (error as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.slice(0, 1000);
}

/**
 * One attempt at one outbox e-mail: claim it, write its text if this is its first attempt, put the
 * manage link in, hand it to SMTP, record the outcome.
 *
 * Exactly-once, as far as SMTP allows: the claim admits only the e-mail's single queue job, a
 * settled e-mail is never sent again, and the Message-ID is fixed. The text is stored before the
 * first send, so every attempt sends the same message. The one window left: the server accepted
 * the message but we died (or lost the database) before marking it sent; the retry then sends it
 * again with the same Message-ID, which receivers can use to drop it.
 */
export async function deliverOutboxEmail(
  db: Database,
  config: AppConfig,
  transport: SmtpTransport,
  input: { outboxId: string; lastAttempt: boolean },
): Promise<DeliveryOutcome> {
  const repository = emailsRepository(db);
  const claimed = await repository.claim(input.outboxId);
  if (!claimed) return { result: 'settled' };

  let email: RenderedOutboxEmail;
  try {
    // The manage link goes in only here, on its way out: the stored text has a placeholder.
    email = withSecretLinks(await outboxRenderer(db, config).ensureRendered(claimed), config);
  } catch (error) {
    const message = `The e-mail could not be written: ${describeError(error)}`;
    if (error instanceof EmailNotRenderable || input.lastAttempt) {
      await repository.markFailed(claimed.id, message);
      return { result: 'failed', error: message };
    }
    await repository.markRetrying(claimed.id, message);
    return { result: 'retry', error: message };
  }

  const messageId = messageIdFor(email.id);
  try {
    await transport.sendMail({
      from: config.mailFrom,
      to: email.toName ? { name: email.toName, address: email.toAddress } : email.toAddress,
      subject: email.subject,
      text: email.textBody,
      ...(email.htmlBody ? { html: email.htmlBody } : {}),
      ...(email.icsContent
        ? {
            // nodemailer sends it both as the text/calendar alternative that mail clients turn into
            // an invitation and as an .ics attachment for everyone else.
            icalEvent: {
              method: calendarMethod(email.icsContent),
              filename: 'invitation.ics',
              content: email.icsContent,
            },
          }
        : {}),
      messageId,
      date: email.createdAt,
      headers: { 'Auto-Submitted': 'auto-generated', 'X-BoK-Email-Kind': email.kind },
      disableFileAccess: true,
      disableUrlAccess: true,
    });
  } catch (error) {
    const message = describeError(error);
    if (isPermanent(error) || input.lastAttempt) {
      await repository.markFailed(email.id, message);
      return { result: 'failed', error: message };
    }
    await repository.markRetrying(email.id, message);
    return { result: 'retry', error: message };
  }
  await repository.markSent(email.id, messageId, new Date());
  return { result: 'sent', messageId };
}
