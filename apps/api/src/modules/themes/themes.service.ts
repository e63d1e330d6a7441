import type { Theme } from '@bok/shared/themes';
import type { Database } from '../../db/prisma';
import { themesRepository } from './themes.repository';

export function themesService(db: Database) {
  const repository = themesRepository(db);
  return {
    async listActive(): Promise<Theme[]> {
      const rows = await repository.findActiveWithMeetingCounts();
      return rows.map((row) => ({
        id: row.id,
        slug: row.slug,
        title: row.title,
        description: row.description,
        status: row.status,
        meetingCount: row._count.meetings,
      }));
    },
  };
}
