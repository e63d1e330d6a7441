import { publicMeetingStatuses } from '@bok/shared/meetings';
import type { Database } from '../../db/prisma';
import type { Prisma } from '../../generated/prisma/client';
import { meetingWhereIdOrSlug } from '../meetings/meetings.repository';

const calendarInclude = {
  venueLibrary: true,
  agendaItems: { orderBy: { position: 'asc' } },
} satisfies Prisma.MeetingInclude;

const isPublic = { status: { in: [...publicMeetingStatuses] } } satisfies Prisma.MeetingWhereInput;

export function calendarRepository(db: Database) {
  return {
    /** By id or slug, as the meeting page links either; drafts are not public. */
    findPublicByIdOrSlug(idOrSlug: string) {
      return db.meeting.findFirst({
        where: { ...meetingWhereIdOrSlug(idOrSlug), ...isPublic },
        include: calendarInclude,
      });
    },

    findAllPublic() {
      return db.meeting.findMany({
        where: isPublic,
        include: calendarInclude,
        orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
      });
    },

    findNetworkBySlug(slug: string) {
      return db.network.findUnique({
        where: { slug },
        select: { name: true, shortName: true, coordinatorName: true, coordinatorEmail: true },
      });
    },
  };
}
