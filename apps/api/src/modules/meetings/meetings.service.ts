import type { MeetingDetail, MeetingListQuery, MeetingPage } from '@bok/shared/meetings';
import type { Database } from '../../db/prisma';
import { notFound } from '../../lib/app-error';
import { toMeetingDetail, toMeetingSummary } from './meetings.mapper';
import { meetingsRepository } from './meetings.repository';

export function meetingsService(db: Database) {
  const repository = meetingsRepository(db);

  return {
    /**
     * Public meetings, upcoming first (soonest first), then past ones (latest first).
     * Pages run across the two groups as if they were one list.
     */
    async list(query: MeetingListQuery, now: Date): Promise<MeetingPage> {
      const [upcomingTotal, pastTotal] = await Promise.all([
        repository.countPublic(query, 'upcoming', now),
        repository.countPublic(query, 'past', now),
      ]);

      const offset = (query.page - 1) * query.pageSize;
      const upcomingTake = Math.max(0, Math.min(query.pageSize, upcomingTotal - offset));
      const pastSkip = Math.max(0, offset - upcomingTotal);
      // Neither half is asked for when it has nothing on this page (the network page has no past half).
      const pastTake = Math.max(0, Math.min(query.pageSize - upcomingTake, pastTotal - pastSkip));
      const [upcoming, past] = await Promise.all([
        upcomingTake > 0 ? repository.findPublic(query, 'upcoming', now, offset, upcomingTake) : [],
        pastTake > 0 ? repository.findPublic(query, 'past', now, pastSkip, pastTake) : [],
      ]);
      const rows = [...upcoming, ...past];
      const seats = await repository.countSeats(rows.map((row) => row.id));
      return {
        items: rows.map((row) => toMeetingSummary(row, seats.get(row.id)!, now)),
        page: query.page,
        pageSize: query.pageSize,
        total: upcomingTotal + pastTotal,
      };
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
