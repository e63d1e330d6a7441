import { isUuid } from '@bok/shared/common';
import type { Database, Transaction } from '../../db/prisma';
import type { Prisma } from '../../generated/prisma/client';

const summaryInclude = {
  venueLibrary: true,
  themes: { include: { theme: true }, orderBy: { theme: { sortOrder: 'asc' } } },
} satisfies Prisma.MeetingInclude;

const detailInclude = {
  ...summaryInclude,
  agendaItems: { orderBy: { position: 'asc' } },
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

export function meetingsRepository(db: Database | Transaction) {
  return {
    findMany(
      where: Prisma.MeetingWhereInput,
      orderBy: Prisma.MeetingOrderByWithRelationInput[],
      skip: number,
      take: number,
    ) {
      return db.meeting.findMany({ where, orderBy, skip, take, include: summaryInclude, relationLoadStrategy: 'join' });
    },

    count(where: Prisma.MeetingWhereInput) {
      return db.meeting.count({ where });
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
