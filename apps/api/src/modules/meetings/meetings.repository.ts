import { isUuid } from '@bok/shared/common';
import { publicMeetingStatuses } from '@bok/shared/meetings';
import type { Database, Transaction } from '../../db/prisma';
import type { MeetingStatus, Prisma } from '../../generated/prisma/client';

const summaryInclude = {
  venueLibrary: true,
  themes: { include: { theme: true }, orderBy: { theme: { sortOrder: 'asc' } } },
} satisfies Prisma.MeetingInclude;

const detailInclude = {
  ...summaryInclude,
  agendaItems: { orderBy: { position: 'asc' } },
  questions: { orderBy: { position: 'asc' } },
} satisfies Prisma.MeetingInclude;

export type MeetingWithVenue = Prisma.MeetingGetPayload<{ include: typeof summaryInclude }>;
export type MeetingWithAgenda = Prisma.MeetingGetPayload<{ include: typeof detailInclude }>;

export interface SeatCounts {
  confirmed: number;
  waitlisted: number;
}

/** The one way to find a meeting by id or slug, as links may carry either. */
export function meetingWhereIdOrSlug(idOrSlug: string): { id: string } | { slug: string } {
  return isUuid(idOrSlug) ? { id: idOrSlug } : { slug: idOrSlug };
}

/** A meeting's registration settings and times as they are under the lock: what the rules of its seats read. */
export interface LockedMeeting {
  id: string;
  status: MeetingStatus;
  title: string;
  summary: string | null;
  description: string | null;
  venueLibraryId: string | null;
  venueRoom: string | null;
  venueNote: string | null;
  sequence: number;
  capacity: number;
  waitlistEnabled: boolean;
  registrationOpensAt: Date | null;
  registrationClosesAt: Date | null;
  startsAt: Date;
  endsAt: Date;
  confirmationRequired: boolean;
  holdMinutes: number;
  seatsPerLibrary: number | null;
}

/** What a coordinator changes on a meeting; absent fields stay. */
export interface MeetingChanges {
  title?: string;
  summary?: string | null;
  description?: string | null;
  startsAt?: Date;
  endsAt?: Date;
  venueLibraryId?: string | null;
  venueRoom?: string | null;
  venueNote?: string | null;
  status?: MeetingStatus;
  cancellationReason?: string | null;
  sequence?: number;
  capacity?: number;
  waitlistEnabled?: boolean;
  registrationOpensAt?: Date | null;
  registrationClosesAt?: Date | null;
  confirmationRequired?: boolean;
  holdMinutes?: number;
  seatsPerLibrary?: number | null;
}

/**
 * Locks the meeting row until the transaction ends. Every change to a meeting and to its
 * registrations takes this lock first, so they run one after another per meeting (and not across
 * meetings), whichever API instance serves them. The row is read after the lock is granted, so it is current.
 */
export async function lockMeeting(db: Transaction | Database, meetingId: string): Promise<LockedMeeting | null> {
  const rows = await db.$queryRaw<LockedMeeting[]>`
    SELECT "id", "status", "title", "summary", "description", "venueLibraryId", "venueRoom", "venueNote", "sequence",
           "capacity", "waitlistEnabled", "registrationOpensAt", "registrationClosesAt", "startsAt", "endsAt",
           "confirmationRequired", "holdMinutes", "seatsPerLibrary"
    FROM "Meeting" WHERE "id" = ${meetingId}::uuid FOR UPDATE`;
  return rows[0] ?? null;
}

/** The columns a new meeting is written with. */
export type NewMeeting = Required<Omit<MeetingChanges, 'status' | 'cancellationReason' | 'sequence'>> & {
  slug: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
};

/** Which public meetings a list asks for: statuses, a time range, a theme (slug or id). */
export interface PublicMeetingFilter {
  status?: readonly MeetingStatus[] | undefined;
  from?: string | undefined;
  to?: string | undefined;
  theme?: string | undefined;
}

/** Upcoming: not yet ended, soonest first. Past: ended, latest first. */
export type MeetingsHalf = 'upcoming' | 'past';

function publicWhere(filter: PublicMeetingFilter, half: MeetingsHalf, now: Date): Prisma.MeetingWhereInput {
  const and: Prisma.MeetingWhereInput[] = [
    { status: { in: [...(filter.status ?? publicMeetingStatuses)] } },
    half === 'upcoming' ? { endsAt: { gte: now } } : { endsAt: { lt: now } },
  ];
  if (filter.from) and.push({ endsAt: { gte: new Date(filter.from) } });
  if (filter.to) and.push({ startsAt: { lt: new Date(filter.to) } });
  if (filter.theme) {
    const theme = isUuid(filter.theme) ? { id: filter.theme } : { slug: filter.theme };
    and.push({ themes: { some: { theme } } });
  }
  return { AND: and };
}

function anyWhere(
  filter: { status?: readonly MeetingStatus[] | undefined },
  half: MeetingsHalf,
  now: Date,
): Prisma.MeetingWhereInput {
  return {
    AND: [
      ...(filter.status ? [{ status: { in: [...filter.status] } }] : []),
      half === 'upcoming' ? { endsAt: { gte: now } } : { endsAt: { lt: now } },
    ],
  };
}

const halfOrder: Record<MeetingsHalf, Prisma.MeetingOrderByWithRelationInput[]> = {
  upcoming: [{ startsAt: 'asc' }, { id: 'asc' }],
  past: [{ startsAt: 'desc' }, { id: 'asc' }],
};

export function meetingsRepository(db: Database | Transaction) {
  return {
    countPublic(filter: PublicMeetingFilter, half: MeetingsHalf, now: Date): Promise<number> {
      return db.meeting.count({ where: publicWhere(filter, half, now) });
    },

    findPublic(filter: PublicMeetingFilter, half: MeetingsHalf, now: Date, skip: number, take: number) {
      return db.meeting.findMany({
        where: publicWhere(filter, half, now),
        orderBy: halfOrder[half],
        skip,
        take,
        include: summaryInclude,
        relationLoadStrategy: 'join',
      });
    },

    lock: (meetingId: string) => lockMeeting(db, meetingId),

    /** Which meeting an id or slug names (drafts too): for the coordinator's routes. */
    async findId(idOrSlug: string): Promise<string | null> {
      const row = await db.meeting.findUnique({ where: meetingWhereIdOrSlug(idOrSlug), select: { id: true } });
      return row?.id ?? null;
    },

    /** The id and status an id or slug names: for routes that act on a meeting without changing it. */
    findIdAndStatus(idOrSlug: string): Promise<{ id: string; status: MeetingStatus } | null> {
      return db.meeting.findUnique({ where: meetingWhereIdOrSlug(idOrSlug), select: { id: true, status: true } });
    },

    update(meetingId: string, changes: MeetingChanges): Promise<unknown> {
      return db.meeting.update({ where: { id: meetingId }, data: changes, select: { id: true } });
    },

    /** The meeting's themes become exactly these. */
    async setThemes(meetingId: string, themeIds: string[]): Promise<void> {
      await db.meetingTheme.deleteMany({ where: { meetingId } });
      if (themeIds.length)
        await db.meetingTheme.createMany({ data: themeIds.map((themeId) => ({ meetingId, themeId })) });
    },

    async themeIdsOf(meetingId: string): Promise<string[]> {
      const rows = await db.meetingTheme.findMany({ where: { meetingId }, select: { themeId: true } });
      return rows.map((row) => row.themeId).sort();
    },

    /** Which of the given ids are themes. */
    async existingThemeIds(ids: string[]): Promise<Set<string>> {
      if (!ids.length) return new Set();
      const rows = await db.theme.findMany({ where: { id: { in: ids } }, select: { id: true } });
      return new Set(rows.map((row) => row.id));
    },

    /** Everything a repeat of the meeting is made from. */
    findForDuplicate(meetingId: string) {
      return db.meeting.findUnique({
        where: { id: meetingId },
        include: {
          themes: { select: { themeId: true } },
          agendaItems: { orderBy: { position: 'asc' } },
          questions: { orderBy: { position: 'asc' } },
        },
      });
    },

    /** Every meeting, drafts too, for the coordinator: upcoming soonest first, then past latest first. */
    countAll(
      filter: { status?: readonly MeetingStatus[] | undefined },
      half: MeetingsHalf,
      now: Date,
    ): Promise<number> {
      return db.meeting.count({ where: anyWhere(filter, half, now) });
    },

    findAll(
      filter: { status?: readonly MeetingStatus[] | undefined },
      half: MeetingsHalf,
      now: Date,
      skip: number,
      take: number,
    ) {
      return db.meeting.findMany({
        where: anyWhere(filter, half, now),
        orderBy: halfOrder[half],
        skip,
        take,
        include: summaryInclude,
        relationLoadStrategy: 'join',
      });
    },

    /** A new draft; null when the slug is taken. */
    async create(meeting: NewMeeting): Promise<string | null> {
      const taken = await db.meeting.findUnique({ where: { slug: meeting.slug }, select: { id: true } });
      if (taken) return null;
      const row = await db.meeting.create({ data: { ...meeting, status: 'draft' }, select: { id: true } });
      return row.id;
    },

    async slugsLike(base: string): Promise<Set<string>> {
      const rows = await db.meeting.findMany({ where: { slug: { startsWith: base } }, select: { slug: true } });
      return new Set(rows.map((row) => row.slug));
    },

    libraryExists(id: string): Promise<boolean> {
      return db.library.findUnique({ where: { id }, select: { id: true } }).then(Boolean);
    },

    /** Removes a meeting with everything of it (a draft: nothing anyone else saw). */
    async remove(meetingId: string): Promise<void> {
      await db.meeting.delete({ where: { id: meetingId } });
    },

    /** By id or slug: links may carry either. */
    findByIdOrSlugWithAgenda(idOrSlug: string) {
      return db.meeting.findUnique({
        where: meetingWhereIdOrSlug(idOrSlug),
        include: detailInclude,
        relationLoadStrategy: 'join',
      });
    },

    async countSeats(meetingIds: string[]): Promise<Map<string, SeatCounts>> {
      const counts = new Map<string, SeatCounts>(meetingIds.map((id) => [id, { confirmed: 0, waitlisted: 0 }]));
      if (meetingIds.length === 0) return counts;
      const groups = await db.registration.groupBy({
        by: ['meetingId', 'status'],
        where: { meetingId: { in: meetingIds }, status: { in: ['confirmed', 'waitlisted'] } },
        _count: { _all: true },
      });
      for (const group of groups) {
        const entry = counts.get(group.meetingId)!;
        if (group.status === 'confirmed') entry.confirmed = group._count._all;
        if (group.status === 'waitlisted') entry.waitlisted = group._count._all;
      }
      return counts;
    },
  };
}
