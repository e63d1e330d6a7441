import type { CoordinatorMeetingListQuery, MeetingDetail, MeetingListQuery, MeetingPage } from '@bok/shared/meetings';
import type { Database } from '../../db/prisma';
import { notFound } from '../../lib/app-error';
import { toMeetingDetail, toMeetingSummary } from './meetings.mapper';
import {
  type MeetingsHalf as Half,
  type MeetingWithVenue,
  meetingsRepository,
  type SeatCounts,
} from './meetings.repository';

/**
 * Upcoming meetings first (soonest first), then past ones (latest first); pages run across the two
 * groups as if they were one list, and neither half is asked for when it has nothing on the page.
 */
async function pageOfMeetings(
  query: { page: number; pageSize: number },
  now: Date,
  source: {
    count(half: Half): Promise<number>;
    find(half: Half, skip: number, take: number): Promise<MeetingWithVenue[]>;
    seats(meetingIds: string[]): Promise<Map<string, SeatCounts>>;
  },
): Promise<MeetingPage> {
  const [upcomingTotal, pastTotal] = await Promise.all([source.count('upcoming'), source.count('past')]);
  const offset = (query.page - 1) * query.pageSize;
  const upcomingTake = Math.max(0, Math.min(query.pageSize, upcomingTotal - offset));
  const pastSkip = Math.max(0, offset - upcomingTotal);
  const pastTake = Math.max(0, Math.min(query.pageSize - upcomingTake, pastTotal - pastSkip));
  const [upcoming, past] = await Promise.all([
    upcomingTake > 0 ? source.find('upcoming', offset, upcomingTake) : [],
    pastTake > 0 ? source.find('past', pastSkip, pastTake) : [],
  ]);
  const rows = [...upcoming, ...past];
  const seats = await source.seats(rows.map((row) => row.id));
  return {
    items: rows.map((row) => toMeetingSummary(row, seats.get(row.id)!, now)),
    page: query.page,
    pageSize: query.pageSize,
    total: upcomingTotal + pastTotal,
  };
}

export function meetingsService(db: Database) {
  const repository = meetingsRepository(db);

  return {
    /**
     * Public meetings, upcoming first (soonest first), then past ones (latest first).
     * Pages run across the two groups as if they were one list.
     */
    async list(query: MeetingListQuery, now: Date): Promise<MeetingPage> {
      return pageOfMeetings(query, now, {
        count: (half) => repository.countPublic(query, half, now),
        find: (half, skip, take) => repository.findPublic(query, half, now, skip, take),
        seats: (ids) => repository.countSeats(ids),
      });
    },

    /** Every meeting, drafts too, in the same order: the coordinator's list. */
    async listAll(query: CoordinatorMeetingListQuery, now: Date): Promise<MeetingPage> {
      return pageOfMeetings(query, now, {
        count: (half) => repository.countAll(query, half, now),
        find: (half, skip, take) => repository.findAll(query, half, now, skip, take),
        seats: (ids) => repository.countSeats(ids),
      });
    },

    /** One meeting, drafts too, for the coordinator. */
    async getAny(idOrSlug: string, now: Date): Promise<MeetingDetail> {
      const row = await repository.findByIdOrSlugWithAgenda(idOrSlug);
      if (!row) throw notFound('The meeting');
      const seats = await repository.countSeats([row.id]);
      return toMeetingDetail(row, seats.get(row.id)!, now);
    },

    /** One public meeting with agenda and exact seats; drafts are not found. */
    async get(idOrSlug: string, now: Date): Promise<MeetingDetail> {
      const row = await repository.findByIdOrSlugWithAgenda(idOrSlug);
      if (!row || row.status === 'draft') throw notFound('The meeting');
      const seats = await repository.countSeats([row.id]);
      return toMeetingDetail(row, seats.get(row.id)!, now);
    },
  };
}
