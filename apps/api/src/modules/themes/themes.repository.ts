import { publicMeetingStatuses } from '@bok/shared/meetings';
import type { Database } from '../../db/prisma';

export function themesRepository(db: Database) {
  return {
    findActiveWithMeetingCounts() {
      return db.theme.findMany({
        where: { status: 'active' },
        orderBy: [{ sortOrder: 'asc' }, { title: 'asc' }],
        include: {
          _count: { select: { meetings: { where: { meeting: { status: { in: [...publicMeetingStatuses] } } } } } },
        },
      });
    },
  };
}
