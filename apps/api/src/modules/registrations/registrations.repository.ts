import type { MeetingStatus } from '@bok/shared/meetings';
import type { ParticipantCounts, ParticipantSortKey } from '@bok/shared/participants';
import type { Answers } from '@bok/shared/questions';
import type { RegistrationStatus } from '@bok/shared/registrations';
import type { Database, Transaction } from '../../db/prisma';
import { type ActorType, type Locale, Prisma } from '../../generated/prisma/client';
import { type LockedMeeting, lockMeeting, meetingWhereIdOrSlug } from '../meetings/meetings.repository';

/** What the registration rules read from a meeting. */
export type MeetingForRegistration = Pick<
  LockedMeeting,
  | 'id'
  | 'status'
  | 'capacity'
  | 'waitlistEnabled'
  | 'registrationOpensAt'
  | 'registrationClosesAt'
  | 'startsAt'
  | 'endsAt'
  | 'confirmationRequired'
  | 'holdMinutes'
  | 'seatsPerLibrary'
>;

export interface WaitlistCounts {
  confirmed: number;
  waitlisted: number;
  /** Highest waitlist position (0 when the waitlist is empty). */
  lastPosition: number;
}

/** An active registration of an address, as the manage-link e-mail needs it. */
export interface ActiveRegistration {
  id: string;
  emailNormalized: string;
  email: string;
  name: string;
  locale: Locale;
  status: 'confirmed' | 'waitlisted';
  waitlistPosition: number | null;
  /** Set while the place awaits the registrant's confirmation from the e-mail. */
  holdExpiresAt: Date | null;
}

/** A registration's library as the per-library cap counts it: a listed library, or a free-text name. */
export interface RegistrationLibrary {
  libraryId: string | null;
  libraryName: string | null;
}

/** Someone on the waitlist, as promotion needs them. */
export interface WaitlistedRegistration extends RegistrationLibrary {
  id: string;
  meetingId: string;
  email: string;
  name: string;
  locale: Locale;
  waitlistPosition: number | null;
  holdExpiresAt: Date | null;
}

/** A hold that ended unconfirmed, with what it held. */
export interface ReleasedHold {
  id: string;
  previousStatus: 'confirmed' | 'waitlisted';
  waitlistPosition: number | null;
}

/** What the manage link may change on a registration; absent fields stay, null clears. */
export interface RegistrationChanges {
  jobTitle?: string | null;
  dietaryNeeds?: string | null;
  accessibilityNeeds?: string | null;
  comment?: string | null;
  locale?: Locale;
  libraryId?: string | null;
  libraryName?: string | null;
  /** Null clears every answer. */
  answers?: Answers | null;
}

export interface AuditEntry {
  actorType: ActorType;
  action: string;
  entityId: string;
  data?: Prisma.InputJsonValue;
  ip?: string | null;
}

/** Where a new registration goes: a seat, or a place on the waitlist. */
export type Place =
  | { status: 'confirmed'; waitlistPosition: null }
  | { status: 'waitlisted'; waitlistPosition: number };

/** Every column a new registration is written with; timestamps are the moment of consent. */
export type NewRegistration = Place & {
  /** On a meeting that asks for confirmation: until when the place is held unconfirmed. */
  holdExpiresAt: Date | null;
  id: string;
  meetingId: string;
  name: string;
  email: string;
  emailNormalized: string;
  libraryId: string | null;
  libraryName: string | null;
  jobTitle: string | null;
  dietaryNeeds: string | null;
  accessibilityNeeds: string | null;
  comment: string | null;
  /** Answers to the meeting's questions, checked (registrations.rules.ts: checkedAnswers). */
  answers: Answers | null;
  locale: Locale;
  manageTokenHash: string;
  consentAt: Date;
};

/** A registration's id, creation time and stored manage-token hash: what re-issuing tokens reads. */
export interface ManageTokenRow {
  id: string;
  createdAt: Date;
  manageTokenHash: string;
}

/** What decides whether a registration may still be looked at and changed. */
const meetingTimesSelect = { status: true, endsAt: true } satisfies Prisma.MeetingSelect;

const meetingSelect = {
  id: true,
  status: true,
  capacity: true,
  waitlistEnabled: true,
  registrationOpensAt: true,
  registrationClosesAt: true,
  startsAt: true,
  endsAt: true,
  confirmationRequired: true,
  holdMinutes: true,
  seatsPerLibrary: true,
} satisfies Prisma.MeetingSelect;

const waitlistedSelect = {
  id: true,
  meetingId: true,
  email: true,
  name: true,
  locale: true,
  waitlistPosition: true,
  holdExpiresAt: true,
  libraryId: true,
  libraryName: true,
} satisfies Prisma.RegistrationSelect;

/** What the coordinator's list shows of a registration. */
const participantSelect = {
  id: true,
  name: true,
  email: true,
  library: { select: { id: true, name: true } },
  libraryName: true,
  jobTitle: true,
  dietaryNeeds: true,
  accessibilityNeeds: true,
  comment: true,
  answers: true,
  locale: true,
  status: true,
  waitlistPosition: true,
  holdExpiresAt: true,
  createdAt: true,
  cancelledAt: true,
  checkedInAt: true,
} satisfies Prisma.RegistrationSelect;

export type ParticipantRow = Prisma.RegistrationGetPayload<{ select: typeof participantSelect }>;

/** The coordinator's filters, with the sort split into its key and direction. */
export interface ParticipantQuery {
  q?: string | undefined;
  status?: RegistrationStatus | undefined;
  libraryId?: string | undefined;
  checkedIn?: boolean | undefined;
  sortKey: ParticipantSortKey;
  descending: boolean;
}

export interface CheckInRow {
  id: string;
  meetingId: string;
  status: RegistrationStatus;
  checkedInAt: Date | null;
  checkInChangedAt: Date | null;
  meetingStatus: MeetingStatus;
}

export function registrationsRepository(db: Database | Transaction) {
  return {
    /** By id or slug: links may carry either. Not locked: for checks before the transaction. */
    findMeetingByIdOrSlug(idOrSlug: string): Promise<MeetingForRegistration | null> {
      return db.meeting.findUnique({ where: meetingWhereIdOrSlug(idOrSlug), select: meetingSelect });
    },

    /** The meeting locked until the transaction ends (meetings.repository.ts: lockMeeting). */
    lockMeeting: (meetingId: string) => lockMeeting(db, meetingId),

    /** Counted from the rows themselves, never from a stored counter that could drift. */
    async countWaitlist(meetingId: string): Promise<WaitlistCounts> {
      const rows = await db.$queryRaw<WaitlistCounts[]>`
        SELECT count(*) FILTER (WHERE "status" = 'confirmed')::int AS "confirmed",
               count(*) FILTER (WHERE "status" = 'waitlisted')::int AS "waitlisted",
               coalesce(max("waitlistPosition"), 0)::int AS "lastPosition"
        FROM "Registration" WHERE "meetingId" = ${meetingId}::uuid AND "status" <> 'cancelled'`;
      return rows[0]!;
    },

    /**
     * The counts plus the active registrations of the given addresses, in one round trip: it runs
     * while the meeting is locked, where every round trip is time the next registrants wait.
     */
    async countWaitlistFindActiveByEmails(
      meetingId: string,
      emailsNormalized: string[],
    ): Promise<WaitlistCounts & { active: ActiveRegistration[] }> {
      const rows = await db.$queryRaw<Array<WaitlistCounts & { active: ActiveRegistration[] }>>`
        SELECT count(*) FILTER (WHERE "status" = 'confirmed')::int AS "confirmed",
               count(*) FILTER (WHERE "status" = 'waitlisted')::int AS "waitlisted",
               coalesce(max("waitlistPosition"), 0)::int AS "lastPosition",
               coalesce(json_agg(json_build_object(
                 'id', "id", 'emailNormalized', "emailNormalized", 'email', "email", 'name', "name",
                 'locale', "locale", 'status', "status", 'waitlistPosition', "waitlistPosition",
                 'holdExpiresAt', "holdExpiresAt"
               )) FILTER (WHERE "emailNormalized" = ANY(${emailsNormalized}::text[])), '[]'::json) AS "active"
        FROM "Registration" WHERE "meetingId" = ${meetingId}::uuid AND "status" <> 'cancelled'`;
      const row = rows[0]!;
      // json_agg gives timestamps as text.
      for (const active of row.active) active.holdExpiresAt = active.holdExpiresAt && new Date(active.holdExpiresAt);
      return row;
    },

    /** The libraries of the meeting's seats (held ones too), for the per-library cap. */
    findSeatLibraries(meetingId: string): Promise<RegistrationLibrary[]> {
      return db.registration.findMany({
        where: { meetingId, status: 'confirmed' },
        select: { libraryId: true, libraryName: true },
      });
    },

    /**
     * Ends the holds of the meeting that were not confirmed by `now`: cancelled, off the waitlist.
     * Run under the meeting lock, followed by promotion, so their places go on in order.
     */
    cancelExpiredHolds(meetingId: string, now: Date): Promise<ReleasedHold[]> {
      return db.$queryRaw<ReleasedHold[]>`
        UPDATE "Registration" AS r
        SET "status" = 'cancelled', "waitlistPosition" = NULL, "cancelledAt" = ${now}::timestamptz, "updatedAt" = ${now}::timestamptz
        FROM (
          SELECT "id", "status" AS previous, "waitlistPosition" AS position FROM "Registration"
          WHERE "meetingId" = ${meetingId}::uuid AND "holdExpiresAt" <= ${now}::timestamptz AND "status" <> 'cancelled'
        ) AS held
        WHERE r."id" = held."id"
        RETURNING r."id", held.previous::text AS "previousStatus", held.position AS "waitlistPosition"`;
    },

    /** Meetings with a hold that has ended unconfirmed by `now`. */
    async findMeetingsWithExpiredHolds(now: Date, take: number): Promise<string[]> {
      const rows = await db.registration.findMany({
        where: { holdExpiresAt: { lte: now }, status: { not: 'cancelled' } },
        distinct: ['meetingId'],
        select: { meetingId: true },
        take,
      });
      return rows.map((row) => row.meetingId);
    },

    /** The registrant confirmed from the e-mail: the hold becomes theirs. */
    confirmEmail(id: string, now: Date) {
      return db.registration.update({ where: { id }, data: { emailConfirmedAt: now, holdExpiresAt: null } });
    },

    findById(id: string) {
      return db.registration.findUnique({ where: { id } });
    },

    /** With the meeting's status and times, which decide whether the registration may still change. */
    findByIdWithMeeting(id: string) {
      return db.registration.findUnique({ where: { id }, include: { meeting: { select: meetingTimesSelect } } });
    },

    /**
     * Locks the registration row until the transaction ends and reads it (with its meeting's status
     * and times) after the lock is granted, so what is checked is what the write will change.
     */
    async lockByIdWithMeeting(id: string) {
      await db.$queryRaw`SELECT 1 FROM "Registration" WHERE "id" = ${id}::uuid FOR UPDATE`;
      return db.registration.findUnique({ where: { id }, include: { meeting: { select: meetingTimesSelect } } });
    },

    /** The most recently created registration (ties broken by id), or null when there is none. */
    async findLatestManageToken(): Promise<ManageTokenRow | null> {
      const rows = await db.$queryRaw<ManageTokenRow[]>`
        SELECT "id", "createdAt", "manageTokenHash" FROM "Registration"
        ORDER BY "createdAt" DESC, "id" DESC LIMIT 1`;
      return rows[0] ?? null;
    },

    /** Registrations in creation order (ties broken by id), `take` at a time after `after` (keyset). */
    findManageTokensAfter(after: { createdAt: Date; id: string } | null, take: number): Promise<ManageTokenRow[]> {
      return after
        ? db.$queryRaw<ManageTokenRow[]>`
            SELECT "id", "createdAt", "manageTokenHash" FROM "Registration"
            WHERE ("createdAt", "id") > (${after.createdAt}::timestamptz, ${after.id}::uuid)
            ORDER BY "createdAt", "id" LIMIT ${take}`
        : db.$queryRaw<ManageTokenRow[]>`
            SELECT "id", "createdAt", "manageTokenHash" FROM "Registration"
            ORDER BY "createdAt", "id" LIMIT ${take}`;
    },

    /** Writes new manage-token hashes in one statement; `updatedAt` stays, as nothing the registrant sees changed. */
    updateManageTokenHashes(rows: Array<{ id: string; manageTokenHash: string }>): Promise<number> {
      return db.$executeRaw`
        UPDATE "Registration" AS r SET "manageTokenHash" = t.hash
        FROM unnest(${rows.map((row) => row.id)}::uuid[], ${rows.map((row) => row.manageTokenHash)}::text[]) AS t(id, hash)
        WHERE r."id" = t.id AND r."manageTokenHash" <> t.hash`;
    },

    libraryExists(id: string): Promise<boolean> {
      return db.library.findUnique({ where: { id }, select: { id: true } }).then(Boolean);
    },

    /** Which of the given ids are libraries. */
    async findLibraryIds(ids: string[]): Promise<Set<string>> {
      const rows = await db.library.findMany({ where: { id: { in: ids } }, select: { id: true } });
      return new Set(rows.map((row) => row.id));
    },

    /**
     * Inserts registrations and audit entries, any number of each, in one statement. Raw SQL: it
     * runs under the meeting lock, where Prisma's one query per row would keep everyone waiting.
     */
    async createManyWithAuditEntries(rows: NewRegistration[], audit: AuditEntry[]): Promise<void> {
      const column = <T>(pick: (row: NewRegistration) => T) => rows.map(pick);
      await db.$executeRaw`
        WITH registrations AS (
          INSERT INTO "Registration" (
            "id", "meetingId", "name", "email", "emailNormalized", "libraryId", "libraryName", "jobTitle",
            "dietaryNeeds", "accessibilityNeeds", "comment", "answers", "locale", "status", "waitlistPosition",
            "holdExpiresAt", "manageTokenHash", "consentAt", "createdAt", "updatedAt")
          SELECT r.id, r.meeting_id, r.name, r.email, r.email_normalized, r.library_id, r.library_name, r.job_title,
                 r.dietary_needs, r.accessibility_needs, r.comment, r.answers, r.locale::"Locale", r.status::"RegistrationStatus",
                 r.waitlist_position, r.hold_expires_at, r.manage_token_hash, r.consent_at, r.consent_at, r.consent_at
          FROM unnest(
            ${column((row) => row.id)}::uuid[], ${column((row) => row.meetingId)}::uuid[],
            ${column((row) => row.name)}::text[], ${column((row) => row.email)}::text[],
            ${column((row) => row.emailNormalized)}::text[], ${column((row) => row.libraryId)}::uuid[],
            ${column((row) => row.libraryName)}::text[], ${column((row) => row.jobTitle)}::text[],
            ${column((row) => row.dietaryNeeds)}::text[], ${column((row) => row.accessibilityNeeds)}::text[],
            ${column((row) => row.comment)}::text[],
            ${column((row) => (row.answers ? JSON.stringify(row.answers) : null))}::jsonb[],
            ${column((row) => row.locale)}::text[],
            ${column((row) => row.status)}::text[], ${column((row) => row.waitlistPosition)}::int[],
            ${column((row) => row.holdExpiresAt?.toISOString() ?? null)}::timestamptz[],
            ${column((row) => row.manageTokenHash)}::text[], ${column((row) => row.consentAt.toISOString())}::timestamptz[]
          ) AS r(id, meeting_id, name, email, email_normalized, library_id, library_name, job_title, dietary_needs,
                 accessibility_needs, comment, answers, locale, status, waitlist_position, hold_expires_at,
                 manage_token_hash, consent_at)
        )
        INSERT INTO "AuditLog" ("id", "actorType", "action", "entityType", "entityId", "data", "ip")
        SELECT gen_random_uuid(), a.actor_type::"ActorType", a.action, 'registration', a.entity_id, a.data, a.ip
        FROM unnest(
          ${audit.map((entry) => entry.actorType)}::text[], ${audit.map((entry) => entry.action)}::text[],
          ${audit.map((entry) => entry.entityId)}::text[],
          ${audit.map((entry) => (entry.data === undefined ? null : JSON.stringify(entry.data)))}::jsonb[],
          ${audit.map((entry) => entry.ip ?? null)}::text[]
        ) AS a(actor_type, action, entity_id, data, ip)`;
    },

    update(id: string, { answers, ...changes }: RegistrationChanges) {
      return db.registration.update({
        where: { id },
        data: { ...changes, ...(answers === undefined ? {} : { answers: answers ?? Prisma.DbNull }) },
      });
    },

    /** Every seat and waitlist place of a meeting that is cancelled ends with it. Returns how many. */
    async cancelAllActive(meetingId: string, now: Date): Promise<number> {
      const { count } = await db.registration.updateMany({
        where: { meetingId, status: { in: ['confirmed', 'waitlisted'] } },
        data: { status: 'cancelled', waitlistPosition: null, cancelledAt: now },
      });
      return count;
    },

    /** Cancelled by the registrant: off the waitlist too. */
    cancel(id: string, now: Date) {
      return db.registration.update({
        where: { id },
        data: { status: 'cancelled', waitlistPosition: null, cancelledAt: now },
      });
    },

    /** The waitlist in its order: the first `take`, or all of it (the per-library cap may pass people over). */
    findWaitlist(meetingId: string, take?: number): Promise<WaitlistedRegistration[]> {
      return db.registration.findMany({
        where: { meetingId, status: 'waitlisted' },
        orderBy: { waitlistPosition: 'asc' },
        ...(take === undefined ? {} : { take }),
        select: waitlistedSelect,
      });
    },

    async confirmMany(ids: string[], now: Date): Promise<number> {
      const { count } = await db.registration.updateMany({
        where: { id: { in: ids }, status: 'waitlisted' },
        data: { status: 'confirmed', waitlistPosition: null, promotedAt: now },
      });
      return count;
    },

    /**
     * Renumbers the waitlist 1, 2, 3 … in its present order, closing any gap left by a
     * cancellation or a promotion. Touches only rows whose position changes.
     */
    async compactWaitlist(meetingId: string): Promise<number> {
      return db.$executeRaw`
        UPDATE "Registration" AS r SET "waitlistPosition" = ordered.position, "updatedAt" = now()
        FROM (
          SELECT "id", row_number() OVER (ORDER BY "waitlistPosition", "createdAt", "id")::int AS position
          FROM "Registration" WHERE "meetingId" = ${meetingId}::uuid AND "status" = 'waitlisted'
        ) AS ordered
        WHERE r."id" = ordered."id" AND r."waitlistPosition" IS DISTINCT FROM ordered.position`;
    },

    /** A meeting's registrations as the coordinator filters and sorts them (participants.ts). */
    findParticipants(meetingId: string, query: ParticipantQuery, take: number): Promise<ParticipantRow[]> {
      const contains = query.q ? { contains: query.q, mode: 'insensitive' as const } : undefined;
      const where: Prisma.RegistrationWhereInput = {
        meetingId,
        ...(query.status ? { status: query.status } : {}),
        ...(query.libraryId ? { libraryId: query.libraryId } : {}),
        ...(query.checkedIn === undefined ? {} : { checkedInAt: query.checkedIn ? { not: null } : null }),
        ...(contains
          ? {
              OR: [{ name: contains }, { email: contains }, { libraryName: contains }, { library: { name: contains } }],
            }
          : {}),
      };
      const direction = query.descending ? ('desc' as const) : ('asc' as const);
      const orderBy: Prisma.RegistrationOrderByWithRelationInput[] = {
        name: [{ name: direction }],
        library: [{ library: { name: direction } }, { libraryName: { sort: direction, nulls: 'last' as const } }],
        createdAt: [{ createdAt: direction }],
        status: [{ status: direction }, { waitlistPosition: { sort: direction, nulls: 'first' as const } }],
        checkedInAt: [{ checkedInAt: { sort: direction, nulls: 'last' as const } }],
      }[query.sortKey];
      return db.registration.findMany({
        where,
        orderBy: [...orderBy, { name: 'asc' }, { id: 'asc' }],
        take,
        select: participantSelect,
      });
    },

    findParticipant(id: string): Promise<ParticipantRow | null> {
      return db.registration.findUnique({ where: { id }, select: participantSelect });
    },

    /** The whole meeting's numbers, whatever the coordinator's filters. */
    async countParticipants(meetingId: string): Promise<Omit<ParticipantCounts, 'capacity'>> {
      const rows = await db.$queryRaw<Array<Omit<ParticipantCounts, 'capacity'>>>`
        SELECT count(*) FILTER (WHERE "status" = 'confirmed')::int AS "confirmed",
               count(*) FILTER (WHERE "status" = 'waitlisted')::int AS "waitlisted",
               count(*) FILTER (WHERE "status" = 'cancelled')::int AS "cancelled",
               count(*) FILTER (WHERE "status" <> 'cancelled' AND "holdExpiresAt" IS NOT NULL)::int AS "held",
               count(*) FILTER (WHERE "status" = 'confirmed' AND "checkedInAt" IS NOT NULL)::int AS "checkedIn"
        FROM "Registration" WHERE "meetingId" = ${meetingId}::uuid`;
      return rows[0]!;
    },

    /** The row as check-in decides on it, locked until the transaction ends. */
    async lockForCheckIn(id: string): Promise<CheckInRow | null> {
      const rows = await db.$queryRaw<CheckInRow[]>`
        SELECT r."id", r."meetingId", r."status"::text AS "status", r."checkedInAt", r."checkInChangedAt",
               m."status"::text AS "meetingStatus"
        FROM "Registration" r JOIN "Meeting" m ON m."id" = r."meetingId"
        WHERE r."id" = ${id}::uuid FOR UPDATE OF r`;
      return rows[0] ?? null;
    },

    setCheckIn(id: string, checkedInAt: Date | null, changedAt: Date) {
      return db.registration.update({
        where: { id },
        data: { checkedInAt, checkInChangedAt: changedAt },
        select: { id: true },
      });
    },

    /** A seat from the waitlist, given by the coordinator (not in the waitlist's order). */
    seat(id: string, now: Date) {
      return db.registration.update({
        where: { id },
        data: { status: 'confirmed', waitlistPosition: null, promotedAt: now },
      });
    },

    /** Back to the waitlist, at its end. */
    unseat(id: string, position: number) {
      return db.registration.update({
        where: { id },
        data: { status: 'waitlisted', waitlistPosition: position, checkedInAt: null },
      });
    },

    createAuditEntry(entry: AuditEntry) {
      return db.auditLog.create({
        data: { entityType: 'registration', ...entry },
        select: { id: true },
      });
    },

    async createAuditEntries(entries: AuditEntry[]): Promise<void> {
      if (entries.length)
        await db.auditLog.createMany({ data: entries.map((entry) => ({ entityType: 'registration', ...entry })) });
    },
  };
}

export type RegistrationRow = NonNullable<Awaited<ReturnType<ReturnType<typeof registrationsRepository>['findById']>>>;
export type RegistrationWithMeeting = NonNullable<
  Awaited<ReturnType<ReturnType<typeof registrationsRepository>['findByIdWithMeeting']>>
>;
