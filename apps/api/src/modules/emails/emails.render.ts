import { z } from 'zod';
import type { Database } from '../../db/prisma';
import type { AppConfig } from '../../lib/config';
import { passwordResetUrlFor } from '../../lib/password-reset-token';
import type { CalendarPerson } from '../calendar/calendar.ics';
import { NETWORK_SLUG } from '../network/network.service';
import { type EmailFacts, manageUrlFor, type PasswordResetEmailFacts } from './emails.outbox';
import { emailsRepository, type MeetingForEmail, type OutboxEmailRow } from './emails.repository';
import {
  insertManageUrl,
  insertPasswordResetUrl,
  MANAGE_URL_PLACEHOLDER,
  PASSWORD_RESET_URL_PLACEHOLDER,
  renderEmail,
  renderPasswordResetEmail,
} from './emails.templates';

/** An outbox e-mail with its text: what is sent, and what the row keeps as the record of it. */
export type RenderedOutboxEmail = OutboxEmailRow & { subject: string; textBody: string; renderedAt: Date };

/** The e-mail cannot be written any more (its meeting or registration is gone): sending it is pointless. */
export class EmailNotRenderable extends Error {
  override name = 'EmailNotRenderable';
}

const factsSchema = z.object({
  status: z.enum(['confirmed', 'waitlisted', 'cancelled']),
  waitlistPosition: z.number().int().nullable(),
  hadSeat: z.boolean(),
  confirmBy: z.iso.datetime({ offset: true }).optional(),
  messageId: z.uuid().optional(),
}) satisfies z.ZodType<EmailFacts>;

const passwordResetFactsSchema = z.object({
  passwordResetId: z.uuid(),
  validMinutes: z.number().int().positive(),
}) satisfies z.ZodType<PasswordResetEmailFacts>;

export function isRendered(row: OutboxEmailRow): row is RenderedOutboxEmail {
  return row.renderedAt !== null && row.subject !== null && row.textBody !== null;
}

/**
 * The e-mail as it goes out: its stored text with the registrant's manage link in place of the
 * placeholder. Only a hash of the token is kept anywhere; the link is derived again each time an
 * e-mail is handed to SMTP or shown by the development mailbox, and never written back.
 */
export function withManageUrl<Row extends OutboxEmailRow>(row: Row, config: AppConfig): Row {
  const bodies = [row.textBody, row.htmlBody];
  if (!bodies.some((body) => body?.includes(MANAGE_URL_PLACEHOLDER))) return row;
  if (!row.registrationId) throw new EmailNotRenderable(`The registration of e-mail ${row.id} no longer exists.`);
  const manageUrl = manageUrlFor(config, row.registrationId);
  return {
    ...row,
    textBody: row.textBody === null ? null : insertManageUrl(row.textBody, manageUrl, 'text'),
    htmlBody: row.htmlBody === null ? null : insertManageUrl(row.htmlBody, manageUrl, 'html'),
  };
}

/** A password-reset e-mail as it goes out: the link derived from the reset's id in place of the placeholder. */
export function withPasswordResetUrl<Row extends OutboxEmailRow>(row: Row, config: AppConfig): Row {
  const bodies = [row.textBody, row.htmlBody];
  if (!bodies.some((body) => body?.includes(PASSWORD_RESET_URL_PLACEHOLDER))) return row;
  const facts = passwordResetFactsSchema.safeParse(row.payload);
  if (!facts.success) throw new EmailNotRenderable(`E-mail ${row.id} does not say which reset link it carries.`);
  const resetUrl = passwordResetUrlFor(config.publicUrl, config.appSecret, facts.data.passwordResetId);
  return {
    ...row,
    textBody: row.textBody === null ? null : insertPasswordResetUrl(row.textBody, resetUrl, 'text'),
    htmlBody: row.htmlBody === null ? null : insertPasswordResetUrl(row.htmlBody, resetUrl, 'html'),
  };
}

/** Every secret link an e-mail carries, put in on its way out (SMTP or the development mailbox). */
export function withSecretLinks<Row extends OutboxEmailRow>(row: Row, config: AppConfig): Row {
  return withPasswordResetUrl(withManageUrl(row, config), config);
}

/** "Name <address>" or a bare address, as MAIL_FROM is written. */
function parseMailbox(value: string): CalendarPerson {
  const match = /^\s*(.*?)\s*<([^>]+)>\s*$/.exec(value);
  if (match) return { name: match[1]!.replace(/^"|"$/g, '') || match[2]!, email: match[2]! };
  return { name: value.trim(), email: value.trim() };
}

/**
 * Writes outbox e-mails from the templates, once each: the first rendering is stored with
 * `renderedAt`, and from then on the row's text is the e-mail (a retry sends the same message).
 * The facts of the event come from the row's payload; the meeting is read as it is now, so the
 * e-mail and its calendar entry show the meeting's current details. Meetings and the organiser
 * are read once per renderer: make one per delivery or per mailbox request.
 */
export function outboxRenderer(db: Database, config: AppConfig) {
  const repository = emailsRepository(db);
  const meetings = new Map<string, Promise<MeetingForEmail | null>>();
  let organizer: Promise<CalendarPerson> | undefined;

  /** The network's coordinator organises every meeting; before the network is set up, the sender does. */
  const organizerOf = () =>
    (organizer ??= repository
      .findNetworkBySlug(NETWORK_SLUG)
      .then((network) =>
        network ? { name: network.coordinatorName, email: network.coordinatorEmail } : parseMailbox(config.mailFrom),
      ));

  function meetingOf(meetingId: string) {
    let meeting = meetings.get(meetingId);
    if (!meeting) {
      meeting = repository.findMeetingWithAgenda(meetingId);
      meetings.set(meetingId, meeting);
    }
    return meeting;
  }

  function renderPasswordReset(row: OutboxEmailRow) {
    const facts = passwordResetFactsSchema.safeParse(row.payload);
    if (!facts.success) throw new EmailNotRenderable(`E-mail ${row.id} has no facts to be written from.`);
    const rendered = renderPasswordResetEmail({
      locale: row.locale,
      recipient: { name: row.toName ?? row.toAddress, email: row.toAddress },
      // The link is a password: the stored text keeps a placeholder (withPasswordResetUrl puts it in).
      resetUrl: PASSWORD_RESET_URL_PLACEHOLDER,
      validMinutes: facts.data.validMinutes,
    });
    return { subject: rendered.subject, textBody: rendered.text, htmlBody: rendered.html, icsContent: null };
  }

  async function messageOf(row: OutboxEmailRow, messageId: string | undefined) {
    const message = messageId ? await repository.findMessage(messageId) : null;
    if (!message) throw new EmailNotRenderable(`The message of e-mail ${row.id} no longer exists.`);
    return message;
  }

  async function render(row: OutboxEmailRow, now: Date) {
    if (row.kind === 'coordinator_password_reset') return renderPasswordReset(row);
    const kind = row.kind;
    const meeting = row.meetingId ? await meetingOf(row.meetingId) : null;
    if (!meeting || !row.registrationId) {
      throw new EmailNotRenderable(`The ${meeting ? 'registration' : 'meeting'} of e-mail ${row.id} no longer exists.`);
    }
    const facts = factsSchema.safeParse(row.payload);
    if (!facts.success) throw new EmailNotRenderable(`E-mail ${row.id} has no facts to be written from.`);
    const message = kind === 'meeting_message' ? await messageOf(row, facts.data.messageId) : undefined;
    const rendered = renderEmail({
      message,
      kind,
      locale: row.locale,
      recipient: { name: row.toName ?? row.toAddress, email: row.toAddress },
      registration: facts.data,
      meeting,
      organizer: await organizerOf(),
      publicUrl: config.publicUrl,
      // The link is a password: the stored text keeps a placeholder (withManageUrl puts the link in).
      manageUrl: MANAGE_URL_PLACEHOLDER,
      // A reminder says how soon the meeting is as of when it is written, just before it goes out.
      now,
    });
    return { subject: rendered.subject, textBody: rendered.text, htmlBody: rendered.html, icsContent: rendered.ics };
  }

  return {
    /**
     * A coordinator's message as a recipient would read it, before it is sent: in `locale`'s frame,
     * addressed to `recipientName`, the manage link a placeholder.
     */
    async previewMessage(
      meetingId: string,
      message: { subject: string; body: string },
      recipient: { name: string; locale: 'da' | 'en' },
    ): Promise<{ subject: string; text: string } | null> {
      const meeting = await meetingOf(meetingId);
      if (!meeting) return null;
      const rendered = renderEmail({
        kind: 'meeting_message',
        message,
        locale: recipient.locale,
        recipient: { name: recipient.name, email: '' },
        registration: { status: 'confirmed', waitlistPosition: null, hadSeat: true },
        meeting,
        organizer: await organizerOf(),
        publicUrl: config.publicUrl,
        manageUrl: MANAGE_URL_PLACEHOLDER,
        now: new Date(),
      });
      return { subject: rendered.subject, text: rendered.text };
    },

    /** The row with its text: as stored, or rendered now and stored. */
    async ensureRendered(row: OutboxEmailRow): Promise<RenderedOutboxEmail> {
      if (isRendered(row)) return row;
      const now = new Date();
      const stored = await repository.storeRendered(row.id, await render(row, now), now);
      if (!stored || !isRendered(stored)) throw new EmailNotRenderable(`E-mail ${row.id} no longer exists.`);
      return stored;
    },
  };
}
