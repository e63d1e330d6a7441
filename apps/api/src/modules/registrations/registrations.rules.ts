// The rules of registering, as pure functions of what was read under the meeting lock: whether a
// meeting takes registrations, where a registrant goes (seat, waitlist, refused), what a new
// registration is written with, and which e-mail and audit entry each event makes.
import { randomUUID } from 'node:crypto';
import { fieldErrorCode } from '@bok/shared/errors';
import { registrationStateOf } from '@bok/shared/meetings';
import { type Answers, answersSchemaFor, type Question } from '@bok/shared/questions';
import type { RegistrationCreatedNew, RegistrationCreateParsed } from '@bok/shared/registrations';
import { AppError } from '../../lib/app-error';
import type { AppConfig } from '../../lib/config';
import { hashToken, manageTokenFor } from '../../lib/manage-token';
import type { OutboxEntry } from '../emails/emails.outbox';
import type {
  ActiveRegistration,
  AuditEntry,
  MeetingForRegistration,
  NewRegistration,
  Place,
  RegistrationLibrary,
  WaitlistCounts,
} from './registrations.repository';

/**
 * Under a burst (a popular meeting opening to the whole region) transactions queue for the meeting
 * lock; Prisma's default 2 s wait for a connection and 5 s run time would fail requests that are
 * only waiting their turn.
 */
export const transactionOptions = { maxWait: 60_000, timeout: 60_000 } as const;

/**
 * Manage-link and confirmation e-mails for one registration are written at most once per window.
 * Anyone can ask for them by submitting the form with an address; this keeps that from filling the
 * registrant's inbox, and a retry within the window writes nothing.
 */
const resendWindowMs = 10 * 60 * 1000;

/**
 * How long after its meeting has ended a manage link still works. Afterwards it is answered like a
 * wrong token (404): there is nothing left to manage, and an old e-mail should not open personal
 * data for ever. A duration, not calendar days: an hour either way across a clock change does not matter.
 */
export const manageLinkDaysAfterMeeting = 60;
const manageLinkLifetimeAfterMeetingMs = manageLinkDaysAfterMeeting * 24 * 60 * 60 * 1000;

export interface RequestContext {
  ip?: string | null;
  now?: Date;
}

/**
 * Refuses when the meeting does not take registrations now. "Full" is left to the caller: someone
 * already registered is told so (and gets the link) even when no seat is left.
 */
export function assertOpenForRegistration(meeting: MeetingForRegistration, counts: WaitlistCounts, now: Date) {
  const state = registrationStateOf(meeting, { available: meeting.capacity - counts.confirmed }, now);
  switch (state) {
    case 'open':
    case 'waitlist':
    case 'full':
      return state;
    case 'not_yet_open':
      throw new AppError(
        'meeting_not_open',
        meeting.registrationOpensAt && meeting.registrationOpensAt > now
          ? `Registration opens at ${meeting.registrationOpensAt.toISOString()}.`
          : 'Registration has not opened yet.',
      );
    case 'cancelled':
      throw new AppError('meeting_not_open', 'The meeting is cancelled.');
    case 'closed':
      throw new AppError('meeting_not_open', 'Registration for the meeting has closed.');
  }
}

export const meetingFull = () => new AppError('meeting_full', 'The meeting is full and has no waitlist.');

const libraryFull = (cap: number) =>
  new AppError(
    'library_full',
    `Each library may have ${cap} seat${cap === 1 ? '' : 's'} at this meeting, and yours has them all; the meeting has no waitlist.`,
  );

export const unknownLibrary = () =>
  new AppError('validation_failed', 'Some fields are not valid.', {
    fields: [{ field: 'libraryId', message: fieldErrorCode.unknown_library, code: fieldErrorCode.unknown_library }],
  });

export const libraryRequired = () =>
  new AppError('validation_failed', 'Some fields are not valid.', {
    fields: [{ field: 'libraryId', message: fieldErrorCode.library_required, code: fieldErrorCode.library_required }],
  });

/**
 * Which library a registration counts against for the per-library cap: a listed library by id, a
 * free-text one by its name, case and spacing aside ("Køge bibliotek" and "køge  Bibliotek" are one).
 */
export function libraryKeyOf(registration: RegistrationLibrary): string {
  if (registration.libraryId) return registration.libraryId;
  return `name:${(registration.libraryName ?? '').trim().replace(/\s+/g, ' ').toLocaleLowerCase('da')}`;
}

/** Seats per library key, from the meeting's seat holders. */
export function countByLibrary(seats: RegistrationLibrary[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const seat of seats) {
    const key = libraryKeyOf(seat);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/**
 * Where the next registrant goes: a free seat their library may still take, else the end of the
 * waitlist; without a waitlist, refused. `librarySeats` is what their library holds already.
 */
export function placeFor(meeting: MeetingForRegistration, counts: WaitlistCounts, librarySeats: number): Place {
  const seatFree = counts.confirmed < meeting.capacity;
  const libraryMayTake = meeting.seatsPerLibrary === null || librarySeats < meeting.seatsPerLibrary;
  if (seatFree && libraryMayTake) return { status: 'confirmed', waitlistPosition: null };
  if (!meeting.waitlistEnabled) throw seatFree ? libraryFull(meeting.seatsPerLibrary!) : meetingFull();
  return { status: 'waitlisted', waitlistPosition: counts.lastPosition + 1 };
}

/** The 201 answer for a new registration. */
export function createdAnswer(row: NewRegistration): RegistrationCreatedNew {
  const confirmBy = row.holdExpiresAt?.toISOString() ?? null;
  return row.status === 'confirmed'
    ? { id: row.id, status: row.status, waitlistPosition: null, confirmBy }
    : { id: row.id, status: row.status, waitlistPosition: row.waitlistPosition, confirmBy };
}

/**
 * A meeting that has taken place keeps its registrations as they were (who came, with which
 * needs): they can no longer be changed or cancelled.
 */
export function assertNotTakenPlace(meeting: { status: MeetingForRegistration['status']; endsAt: Date }, now: Date) {
  if (meeting.status === 'held' || now >= meeting.endsAt) {
    throw new AppError('conflict', 'The meeting has taken place; its registrations are kept as they were.');
  }
}

/** Whether a manage link of a registration for this meeting has run out (see manageLinkDaysAfterMeeting). */
export function manageLinkExpired(meeting: { endsAt: Date }, now: Date): boolean {
  return now.getTime() > meeting.endsAt.getTime() + manageLinkLifetimeAfterMeetingMs;
}

/** Whether waitlisted people can still move up: not after the meeting has begun or ended, nor when it is off. */
export function promotionsAllowed(meeting: MeetingForRegistration, now: Date): boolean {
  return (meeting.status === 'open' || meeting.status === 'closed') && now < meeting.startsAt;
}

/** When a hold made now ends, on a meeting that asks for confirmation; null on one that does not. */
export function holdExpiryFor(meeting: MeetingForRegistration, now: Date): Date | null {
  return meeting.confirmationRequired ? new Date(now.getTime() + meeting.holdMinutes * 60_000) : null;
}

export function newRegistration(
  config: AppConfig,
  meeting: MeetingForRegistration,
  input: RegistrationCreateParsed,
  person: { emailNormalized: string; now: Date },
  place: Place,
): NewRegistration {
  // The id is made here because the manage token is derived from it and only its hash is stored.
  const id = randomUUID();
  return {
    id,
    meetingId: meeting.id,
    name: input.name,
    email: input.email,
    emailNormalized: person.emailNormalized,
    libraryId: input.libraryId ?? null,
    libraryName: input.libraryName ?? null,
    jobTitle: input.jobTitle ?? null,
    dietaryNeeds: input.dietaryNeeds ?? null,
    accessibilityNeeds: input.accessibilityNeeds ?? null,
    comment: input.comment ?? null,
    answers: null,
    locale: input.locale,
    ...place,
    holdExpiresAt: holdExpiryFor(meeting, person.now),
    manageTokenHash: hashToken(manageTokenFor(config.appSecret, id)),
    consentAt: person.now,
  };
}

export const createdAuditEntry = (row: NewRegistration, ip: string | null): AuditEntry => ({
  actorType: 'registrant',
  action: 'registration.created',
  entityId: row.id,
  data: {
    meetingId: row.meetingId,
    status: row.status,
    waitlistPosition: row.waitlistPosition,
    held: row.holdExpiresAt !== null,
  },
  ip,
});

export const resendAuditEntry = (
  meetingId: string,
  registration: ActiveRegistration,
  ip: string | null,
): AuditEntry => ({
  actorType: 'registrant',
  action: registration.holdExpiresAt ? 'registration.confirm_request_resent' : 'registration.manage_link_requested',
  entityId: registration.id,
  data: { meetingId },
  ip,
});

/** The e-mail that gives a registration its place: the confirmation (with the invitation) or the waitlist one. */
export function placeEmail(row: {
  id: string;
  meetingId: string;
  email: string;
  name: string;
  locale: NewRegistration['locale'];
  status: 'confirmed' | 'waitlisted';
  waitlistPosition: number | null;
}): OutboxEntry {
  return {
    kind: row.status === 'confirmed' ? 'registration_confirmed' : 'registration_waitlisted',
    dedupeKey: `${row.status}:${row.id}`,
    registration: row,
    facts: { status: row.status, waitlistPosition: row.waitlistPosition, hadSeat: row.status === 'confirmed' },
  };
}

/**
 * The answers to the meeting's questions, checked by the shared rule the form uses too; each
 * wrong one named `answers.<question id>`. Null when there is nothing to keep.
 */
export function checkedAnswers(questions: readonly Question[], given: unknown): Answers | null {
  const parsed = answersSchemaFor(questions).safeParse(given ?? {});
  if (!parsed.success)
    throw new AppError('validation_failed', 'Some answers are not valid.', {
      fields: parsed.error.issues.map((issue) => ({
        field: ['answers', ...issue.path].join('.'),
        code: issue.code,
        message: issue.message,
      })),
    });
  return Object.keys(parsed.data).length ? parsed.data : null;
}

/** The e-mail of a seat from the waitlist, with its calendar invitation: in line, or by the coordinator's hand. */
export function promotionEmail(registration: {
  id: string;
  meetingId: string;
  email: string;
  name: string;
  locale: NewRegistration['locale'];
}): OutboxEntry {
  return {
    kind: 'registration_promoted',
    dedupeKey: `promoted:${registration.id}`,
    registration,
    facts: { status: 'confirmed', waitlistPosition: null, hadSeat: true },
  };
}

/**
 * The e-mail of a cancellation, by the registrant or on their behalf. A seat is in their calendar
 * (the confirmation or a promotion carried it) and the e-mail takes it out; an unconfirmed hold
 * never had the invitation.
 */
export function cancellationEmail(registration: {
  id: string;
  meetingId: string;
  email: string;
  name: string;
  locale: NewRegistration['locale'];
  status: 'confirmed' | 'waitlisted' | 'cancelled';
  holdExpiresAt: Date | null;
  emailConfirmedAt: Date | null;
  promotedAt: Date | null;
}): OutboxEntry {
  const unconfirmed = registration.holdExpiresAt !== null && registration.emailConfirmedAt === null;
  return {
    kind: 'registration_cancelled',
    dedupeKey: `cancelled:${registration.id}`,
    registration,
    facts: {
      status: 'cancelled',
      waitlistPosition: null,
      hadSeat: !unconfirmed && (registration.status === 'confirmed' || registration.promotedAt !== null),
    },
  };
}

/**
 * The request to confirm a held place. It goes to an address nobody has vouched for yet, so it
 * carries nothing the registrant typed (not even the name): a made-up registration cannot make us
 * e-mail someone a text of its choosing. At most once per window per registration.
 */
export function confirmRequestEmail(
  registration: { id: string; meetingId: string; email: string; name: string; locale: NewRegistration['locale'] },
  facts: { status: 'confirmed' | 'waitlisted'; waitlistPosition: number | null; holdExpiresAt: Date },
  now: Date,
): OutboxEntry {
  const window = Math.floor(now.getTime() / resendWindowMs);
  return {
    kind: 'registration_confirm_request',
    dedupeKey: `confirm-request:${registration.id}:${window}`,
    registration,
    facts: {
      status: facts.status,
      waitlistPosition: facts.waitlistPosition,
      hadSeat: false,
      confirmBy: facts.holdExpiresAt.toISOString(),
    },
  };
}

/**
 * What an address that is already registered gets when the form is sent again: the request to
 * confirm while its place is held unconfirmed, else the manage link (at most once per window).
 */
export function resendEmail(active: ActiveRegistration, meetingId: string, now: Date): OutboxEntry {
  const registration = { ...active, meetingId };
  if (active.holdExpiresAt)
    return confirmRequestEmail(registration, { ...active, holdExpiresAt: active.holdExpiresAt }, now);
  const window = Math.floor(now.getTime() / resendWindowMs);
  return {
    kind: 'registration_manage_link',
    dedupeKey: `manage-link:${active.id}:${window}`,
    registration,
    facts: { status: active.status, waitlistPosition: active.waitlistPosition, hadSeat: active.status === 'confirmed' },
  };
}

/** The 202 answer: the address is registered; nothing more is told. */
export const alreadyRegistered = {
  id: null,
  status: 'already_registered',
  waitlistPosition: null,
  confirmBy: null,
} as const;
