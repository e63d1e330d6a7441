import type { Transaction } from '../../db/prisma';
import type { EmailKind } from '../../generated/prisma/enums';
import type { AppConfig } from '../../lib/config';
import { manageTokenFor } from '../../lib/manage-token';
import type { CalendarPerson } from '../calendar/calendar.ics';
import { NETWORK_SLUG } from '../network/network.service';
import { emailsRepository } from './emails.repository';
import { renderEmail } from './emails.templates';

export type MeetingEmailKind = Extract<EmailKind, 'meeting_changed' | 'meeting_cancelled'>;

export function manageUrlFor(config: AppConfig, registrationId: string): string {
  return `${config.publicUrl}/tilmelding/${registrationId}?token=${manageTokenFor(config.appSecret, registrationId)}`;
}

/** "Name <address>" or a bare address, as MAIL_FROM is written. */
function parseMailbox(value: string): CalendarPerson {
  const match = /^\s*(.*?)\s*<([^>]+)>\s*$/.exec(value);
  if (match) return { name: match[1]!.replace(/^"|"$/g, '') || match[2]!, email: match[2]! };
  return { name: value.trim(), email: value.trim() };
}

/** The network's coordinator organises every meeting; before the network is set up, the sender does. */
async function organizerFor(tx: Transaction, config: AppConfig): Promise<CalendarPerson> {
  const network = await emailsRepository(tx).findNetworkBySlug(NETWORK_SLUG);
  return network ? { name: network.coordinatorName, email: network.coordinatorEmail } : parseMailbox(config.mailFrom);
}

/**
 * Writes one e-mail about a registration to the outbox, inside the caller's transaction, so the
 * e-mail exists exactly when the change that causes it commits. Rendered now, in the
 * registrant's language, from the state the transaction sees. A `dedupeKey` seen before writes
 * nothing: one event never yields two e-mails.
 */
export async function enqueueRegistrationEmail(
  tx: Transaction,
  config: AppConfig,
  input: { kind: EmailKind; registrationId: string; dedupeKey: string },
  organizer?: CalendarPerson,
): Promise<void> {
  const repository = emailsRepository(tx);
  // Skips the rendering for a repeated event; the insert below still guards against races.
  if (await repository.existsByDedupeKey(input.dedupeKey)) return;
  const registration = await repository.findRegistrationWithMeeting(input.registrationId);
  if (!registration) throw new Error(`Registration ${input.registrationId} not found for e-mail ${input.kind}`);
  // A reminder found due outside this transaction may meet a registration cancelled since.
  if (input.kind === 'meeting_reminder' && registration.status !== 'confirmed') return;

  const recipient = { name: registration.name, email: registration.email };
  // A cancelled registration had a seat if it was promoted or confirmed (and so sent an invitation).
  const hadSeat =
    registration.status === 'confirmed' ||
    (registration.status === 'cancelled' &&
      (registration.promotedAt !== null ||
        (await repository.hasEmailOfKind(registration.id, 'registration_confirmed'))));
  const rendered = renderEmail({
    kind: input.kind,
    locale: registration.locale,
    recipient,
    registration: { status: registration.status, waitlistPosition: registration.waitlistPosition, hadSeat },
    meeting: registration.meeting,
    organizer: organizer ?? (await organizerFor(tx, config)),
    publicUrl: config.publicUrl,
    manageUrl: manageUrlFor(config, registration.id),
    now: new Date(),
  });
  await repository.insertOnce({
    kind: input.kind,
    dedupeKey: input.dedupeKey,
    toAddress: registration.email,
    toName: registration.name,
    locale: registration.locale,
    subject: rendered.subject,
    textBody: rendered.text,
    htmlBody: rendered.html,
    icsContent: rendered.ics,
    registrationId: registration.id,
    meetingId: registration.meetingId,
  });
}

/**
 * Tells everyone still registered (seat or waitlist) that a meeting changed or was cancelled.
 * Call it in the transaction that changes the meeting, after the meeting row is updated (the
 * e-mails show the new state) and before any registrations are cancelled with the meeting:
 * one e-mail each, keyed `${dedupeKeyPrefix}:${registrationId}`. The prefix names the change
 * (e.g. `meeting-changed:<id>:<sequence>`), so repeating the call for the same change sends nothing new.
 * Returns how many registrations it considered.
 */
export async function enqueueMeetingEmails(
  tx: Transaction,
  config: AppConfig,
  input: { kind: MeetingEmailKind; meetingId: string; dedupeKeyPrefix: string },
): Promise<number> {
  const registrations = await emailsRepository(tx).findActiveRegistrationIds(input.meetingId);
  const organizer = await organizerFor(tx, config);
  for (const { id } of registrations) {
    await enqueueRegistrationEmail(
      tx,
      config,
      { kind: input.kind, registrationId: id, dedupeKey: `${input.dedupeKeyPrefix}:${id}` },
      organizer,
    );
  }
  return registrations.length;
}
