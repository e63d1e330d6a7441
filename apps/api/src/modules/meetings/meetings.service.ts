import { isUuid } from '@bok/shared/common';
import {
  type MeetingDetail,
  type MeetingListQuery,
  type MeetingPage,
  publicMeetingStatuses,
} from '@bok/shared/meetings';
import type { Database } from '../../db/prisma';
import type { Prisma } from '../../generated/prisma/client';
import { notFound } from '../../lib/app-error';
import { toMeetingDetail, toMeetingSummary } from './meetings.mapper';
import { meetingsRepository } from './meetings.repository';

function publicWhere(query: Omit<MeetingListQuery, 'page' | 'pageSize'>): Prisma.MeetingWhereInput {
  const where: Prisma.MeetingWhereInput = { status: { in: query.status ?? [...publicMeetingStatuses] } };
  const and: Prisma.MeetingWhereInput[] = [];
  if (query.from) and.push({ endsAt: { gte: new Date(query.from) } });
  if (query.to) and.push({ startsAt: { lt: new Date(query.to) } });
  if (query.theme) {
    const theme = isUuid(query.theme) ? { id: query.theme } : { slug: query.theme };
    and.push({ themes: { some: { theme } } });
  }
  return and.length ? { ...where, AND: and } : where;
}

export function meetingsService(db: Database) {
  const repository = meetingsRepository(db);

  return {
    /**
     * Public meetings, upcoming first (soonest first), then past ones (latest first).
     * Pages run across the two groups as if they were one list.
     */
    async list(query: MeetingListQuery, now: Date): Promise<MeetingPage> {
      const where = publicWhere(query);
      const upcomingWhere = { AND: [where, { endsAt: { gte: now } }] };
      const pastWhere = { AND: [where, { endsAt: { lt: now } }] };
      const [upcomingTotal, pastTotal] = await Promise.all([
        repository.count(upcomingWhere),
        repository.count(pastWhere),
      ]);

      const offset = (query.page - 1) * query.pageSize;
      const upcomingTake = Math.max(0, Math.min(query.pageSize, upcomingTotal - offset));
      const pastSkip = Math.max(0, offset - upcomingTotal);
      // Neither half is asked for when it has nothing on this page (the network page has no past half).
      const pastTake = Math.max(0, Math.min(query.pageSize - upcomingTake, pastTotal - pastSkip));
      const [upcoming, past] = await Promise.all([
        upcomingTake > 0
          ? repository.findMany(upcomingWhere, [{ startsAt: 'asc' }, { id: 'asc' }], offset, upcomingTake)
          : [],
        pastTake > 0 ? repository.findMany(pastWhere, [{ startsAt: 'desc' }, { id: 'asc' }], pastSkip, pastTake) : [],
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
