import type { Locale } from '@bok/shared/common';
import type { EmailKind } from '@bok/shared/emails';
import type { RegistrationStatus } from '@bok/shared/registrations';
import type { Database, Transaction } from '../../db/prisma';
import type { AppConfig } from '../../lib/config';
import { manageTokenFor } from '../../lib/manage-token';
import { emailsRepository } from './emails.repository';

/*
 * Writing an e-mail is one cheap INSERT in the transaction of the change that causes it: who it
 * goes to and the facts of the event, no text. The text is written from the templates when the
 * e-mail is first sent (emails.render.ts). Rendering here cost most of a registration's time
 * under the meeting lock; see docs/decisions/0004-group-commit-and-rendering-at-delivery.md.
 */

export type MeetingEmailKind = Extract<EmailKind, 'meeting_changed' | 'meeting_cancelled'>;

/**
 * The e-mailed link to a registration's page. The token rides in the fragment, which browsers never
 * send, so it stays out of server and proxy logs. It is a password: the outbox never stores it
 * (see emails.render.ts, withManageUrl).
 */
export function manageUrlFor(config: AppConfig, registrationId: string): string {
  return `${config.publicUrl}/tilmelding/${registrationId}#token=${manageTokenFor(config.appSecret, registrationId)}`;
}

/**
 * What an e-mail must tell as it was when its event happened, though the registration may change
 * before the e-mail is written (a waitlisted person promoted a second later is still told their place).
 */
export interface EmailFacts {
  status: RegistrationStatus;
  waitlistPosition: number | null;
  /** Holds a seat, or held one until this change: their calendar has the meeting. */
  hadSeat: boolean;
  /** A request to confirm: until when the place is held (ISO instant). */
  confirmBy?: string;
  /** A coordinator's message: which one (its text is read when the e-mail is written). */
  messageId?: string;
}

/** The registration an e-mail is about, as it is at the event: its address, name and language. */
export interface EmailRecipient {
  id: string;
  meetingId: string;
  email: string;
  name: string;
  locale: Locale;
}

export interface OutboxEntry {
  kind: EmailKind;
  /** One e-mail per event: an entry whose key was written before writes nothing. */
  dedupeKey: string;
  registration: EmailRecipient;
  facts: EmailFacts;
}

/**
 * Writes e-mails to the outbox inside the caller's transaction, so they exist exactly when the
 * change that causes them commits: one statement for any number. Returns how many were new.
 */
export function enqueueEmails(tx: Database | Transaction, entries: OutboxEntry[]): Promise<number> {
  return emailsRepository(tx).insertMany(
    entries.map(({ kind, dedupeKey, registration, facts }) => ({
      kind,
      dedupeKey,
      toAddress: registration.email,
      // A request to confirm goes to an address nobody has vouched for: not even the name typed
      // with it is written to it (rules: confirmRequestEmail).
      toName: kind === 'registration_confirm_request' ? null : registration.name,
      locale: registration.locale,
      registrationId: registration.id,
      meetingId: registration.meetingId,
      payload: { ...facts },
    })),
  );
}

/**
 * For callers that know registrations by id only (reminders; tests): one e-mail of `kind` each,
 * with recipient and facts read from the registrations in the same statement. A reminder is
 * written only for a registration still confirmed: one found due a moment ago may be cancelled now.
 */
export function enqueueRegistrationEmails(
  db: Database | Transaction,
  kind: EmailKind,
  items: Array<{ registrationId: string; dedupeKey: string }>,
): Promise<number> {
  const statuses: RegistrationStatus[] =
    kind === 'meeting_reminder' ? ['confirmed'] : ['confirmed', 'waitlisted', 'cancelled'];
  return emailsRepository(db).insertForRegistrations(kind, items, statuses);
}

/**
 * Tells everyone still registered (seat or waitlist) that a meeting changed or was cancelled.
 * Call it in the transaction that changes the meeting, after the meeting row is updated and before
 * any registrations are cancelled with the meeting: one e-mail each, keyed
 * `${dedupeKeyPrefix}:${registrationId}`, all in one statement. The prefix names the change
 * (e.g. `meeting-changed:<id>:<sequence>`), so repeating the call for the same change sends nothing new.
 * Returns how many registrations it considered.
 */
export function enqueueMeetingEmails(
  tx: Transaction,
  input: { kind: MeetingEmailKind; meetingId: string; dedupeKeyPrefix: string },
): Promise<number> {
  return emailsRepository(tx).insertForActiveRegistrations(input.kind, input.meetingId, input.dedupeKeyPrefix);
}

/** The facts a password-reset e-mail is written from: which link (derived from its id) and for how long. */
export interface PasswordResetEmailFacts {
  passwordResetId: string;
  validMinutes: number;
}

/**
 * A coordinator's password-reset e-mail, in the transaction that creates the link. The outbox
 * gets the reset's id, never the token: the link is derived again as the e-mail goes out.
 */
export async function enqueuePasswordResetEmail(
  tx: Database | Transaction,
  input: { to: { email: string; name: string }; locale: Locale; facts: PasswordResetEmailFacts },
): Promise<void> {
  await emailsRepository(tx).insertMany([
    {
      kind: 'coordinator_password_reset',
      dedupeKey: `password-reset:${input.facts.passwordResetId}`,
      toAddress: input.to.email,
      toName: input.to.name,
      locale: input.locale,
      registrationId: null,
      meetingId: null,
      payload: { ...input.facts },
    },
  ]);
}
