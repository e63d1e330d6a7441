import type { Database } from '../../db/prisma';

export function networkRepository(db: Database) {
  return {
    findBySlug(slug: string) {
      return db.network.findUnique({ where: { slug } });
    },

    async countFollowersByLibrary() {
      const groups = await db.member.groupBy({
        by: ['libraryId'],
        where: { followsNetwork: true },
        _count: { _all: true },
      });
      const ids = groups.map((group) => group.libraryId).filter((id): id is string => id !== null);
      const libraries = await db.library.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
      const names = new Map(libraries.map((library) => [library.id, library.name]));
      return groups.map((group) => ({
        libraryId: group.libraryId,
        libraryName: group.libraryId ? (names.get(group.libraryId) ?? '') : null,
        count: group._count._all,
      }));
    },
  };
}
