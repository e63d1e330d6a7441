import { z } from 'zod';
import { idSchema, instantSchema, localeSchema, textSchema } from './common';

export const emailKindSchema = z.enum([
  'registration_confirmed',
  'registration_waitlisted',
  'registration_promoted',
  'registration_cancelled',
  'registration_manage_link',
  'registration_confirm_request',
  'meeting_reminder',
  'meeting_changed',
  'meeting_cancelled',
  'meeting_message',
  'coordinator_password_reset',
]);
export type EmailKind = z.infer<typeof emailKindSchema>;

/** pending → sending → sent, or failed after the last attempt. Without SMTP e-mails stay pending. */
export const emailStatusSchema = z.enum(['pending', 'sending', 'sent', 'failed']);
export type EmailStatus = z.infer<typeof emailStatusSchema>;

/** The development mailbox: what the app would have e-mailed, when no SMTP server is configured. */
export const mailboxQuerySchema = z.object({
  /** Only e-mails to this address (case-insensitive). */
  to: textSchema(254, 'single').min(1).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type MailboxQuery = z.input<typeof mailboxQuerySchema>;

export const mailboxEmailSchema = z
  .object({
    id: idSchema,
    kind: emailKindSchema,
    to: z.string(),
    toName: z.string().nullable(),
    locale: localeSchema,
    subject: z.string(),
    status: emailStatusSchema,
    createdAt: instantSchema,
    sentAt: instantSchema.nullable(),
    /** Carries a calendar (.ics) attachment. */
    hasCalendar: z.boolean(),
  })
  .meta({ id: 'MailboxEmail' });
export type MailboxEmail = z.infer<typeof mailboxEmailSchema>;

/** Newest first. */
export const mailboxListSchema = z.object({ items: z.array(mailboxEmailSchema) }).meta({ id: 'MailboxList' });
export type MailboxList = z.infer<typeof mailboxListSchema>;

export const mailboxMessageSchema = mailboxEmailSchema
  .extend({
    text: z.string(),
    html: z.string().nullable(),
    /** The iCalendar attachment as text. */
    ics: z.string().nullable(),
    registrationId: idSchema.nullable(),
    meetingId: idSchema.nullable(),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
  })
  .meta({ id: 'MailboxMessage' });
export type MailboxMessage = z.infer<typeof mailboxMessageSchema>;

export const mailboxIdParamsSchema = z.object({ id: idSchema });
