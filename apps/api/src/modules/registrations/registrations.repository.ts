import type { Database, Transaction } from '../../db/prisma';
import type { ActorType, Locale, MeetingStatus, Prisma } from '../../generated/prisma/client';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return uuidPattern.test(value);
}

/** What the registration rules read from a meeting. */
export interface MeetingForRegistration {
  id: string;
  status: MeetingStatus;
  capacity: number;
  waitlistEnabled: boolean;
  registrationOpensAt: Date | null;
  registrationClosesAt: Date | null;
  startsAt: Date;
  endsAt: Date;
}

export interface WaitlistCounts {
  confirmed: number;
  waitlisted: number;
  /** Highest waitlist position (0 when the waitlist is empty). */
  lastPosition: number;
}

/** Every column a new registration is written with; timestamps are the moment of consent. */
export interface NewRegistration {
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
  locale: Locale;
  status: 'confirmed' | 'waitlisted';
  waitlistPosition: number | null;
  manageTokenHash: string;
  consentAt: Date;
}

const meetingSelect = {
  id: true,
  status: true,
  capacity: true,
  waitlistEnabled: true,
  registrationOpensAt: true,
  registrationClosesAt: true,
  startsAt: true,
  endsAt: true,
} satisfies Prisma.MeetingSelect;

export function registrationsRepository(db: Database | Transaction) {
  return {
    /** By id or slug: links may carry either. Not locked: for checks before the transaction. */
    findMeetingByIdOrSlug(idOrSlug: string): Promise<MeetingForRegistration | null> {
      const where = isUuid(idOrSlug) ? { id: idOrSlug } : { slug: idOrSlug };
      return db.meeting.findUnique({ where, select: meetingSelect });
    },

    /**
     * Locks the meeting row until the transaction ends. Every change to a meeting's registrations
     * takes this lock first, so they run one after another per meeting (and not across meetings),
     * whichever API instance serves them. The row is read after the lock is granted, so it is current.
     */
    async lockMeeting(meetingId: string): Promise<MeetingForRegistration | null> {
      const rows = await db.$queryRaw<MeetingForRegistration[]>`
        SELECT "id", "status", "capacity", "waitlistEnabled", "registrationOpensAt", "registrationClosesAt", "startsAt", "endsAt"
        FROM "Meeting" WHERE "id" = ${meetingId}::uuid FOR UPDATE`;
      return rows[0] ?? null;
    },

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
     * The counts plus the active registration of an address, if any, in one round trip: it runs
     * while the meeting is locked, where every round trip is time the next registrant waits.
     */
    async countWaitlistFindActiveByEmail(
      meetingId: string,
      emailNormalized: string,
    ): Promise<WaitlistCounts & { activeId: string | null }> {
      const rows = await db.$queryRaw<Array<WaitlistCounts & { activeId: string | null }>>`
        SELECT count(*) FILTER (WHERE "status" = 'confirmed')::int AS "confirmed",
               count(*) FILTER (WHERE "status" = 'waitlisted')::int AS "waitlisted",
               coalesce(max("waitlistPosition"), 0)::int AS "lastPosition",
               (array_agg("id"::text) FILTER (WHERE "emailNormalized" = ${emailNormalized}))[1] AS "activeId"
        FROM "Registration" WHERE "meetingId" = ${meetingId}::uuid AND "status" <> 'cancelled'`;
      return rows[0]!;
    },

    findById(id: string) {
      return db.registration.findUnique({ where: { id } });
    },

    libraryExists(id: string): Promise<boolean> {
      return db.library.findUnique({ where: { id }, select: { id: true } }).then(Boolean);
    },

    /**
     * Inserts a new registration and its audit entry in one statement. Raw SQL for the same reason
     * as the reads above: it runs under the meeting lock, and two Prisma calls cost three times as much.
     */
    async createWithAuditEntry(row: NewRegistration, audit: { data: Prisma.InputJsonValue; ip: string | null }) {
      await db.$executeRaw`
        WITH inserted AS (
          INSERT INTO "Registration" (
            "id", "meetingId", "name", "email", "emailNormalized", "libraryId", "libraryName", "jobTitle",
            "dietaryNeeds", "accessibilityNeeds", "comment", "locale", "status", "waitlistPosition",
            "manageTokenHash", "consentAt", "createdAt", "updatedAt")
          VALUES (
            ${row.id}::uuid, ${row.meetingId}::uuid, ${row.name}, ${row.email}, ${row.emailNormalized},
            ${row.libraryId}::uuid, ${row.libraryName}, ${row.jobTitle}, ${row.dietaryNeeds},
            ${row.accessibilityNeeds}, ${row.comment}, ${row.locale}::"Locale", ${row.status}::"RegistrationStatus",
            ${row.waitlistPosition}::int, ${row.manageTokenHash}, ${row.consentAt}, ${row.consentAt}, ${row.consentAt})
          RETURNING "id"
        )
        INSERT INTO "AuditLog" ("id", "actorType", "action", "entityType", "entityId", "data", "ip")
        SELECT gen_random_uuid(), 'registrant', 'registration.created', 'registration', "id"::text,
               ${JSON.stringify(audit.data)}::jsonb, ${audit.ip}
        FROM inserted`;
    },

    update(id: string, data: Prisma.RegistrationUncheckedUpdateInput) {
      return db.registration.update({ where: { id }, data });
    },

    /** The updated row, or null when the registration is cancelled (or gone). */
    async updateUnlessCancelled(id: string, data: Prisma.RegistrationUncheckedUpdateInput) {
      const { count } = await db.registration.updateMany({ where: { id, status: { not: 'cancelled' } }, data });
      return count === 1 ? db.registration.findUnique({ where: { id } }) : null;
    },

    /** The first `take` on the waitlist, in waitlist order. */
    findWaitlisted(meetingId: string, take: number) {
      return db.registration.findMany({
        where: { meetingId, status: 'waitlisted' },
        orderBy: { waitlistPosition: 'asc' },
        take,
        select: { id: true, waitlistPosition: true },
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

    createAuditEntry(entry: {
      actorType: ActorType;
      action: string;
      entityId: string;
      data?: Prisma.InputJsonValue;
      ip?: string | null;
    }) {
      return db.auditLog.create({
        data: { entityType: 'registration', ...entry },
        select: { id: true },
      });
    },
  };
}

export type RegistrationRow = NonNullable<Awaited<ReturnType<ReturnType<typeof registrationsRepository>['findById']>>>;
