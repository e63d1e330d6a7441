import type { Database } from '../../db/prisma';

export function networkRepository(db: Database) {
  return {
    findBySlug(slug: string) {
      return db.network.findUnique({ where: { slug } });
    },

    /** Members following the network, counted per library (null: no library given), in one query. */
    countFollowersByLibrary() {
      return db.$queryRaw<Array<{ libraryId: string | null; libraryName: string | null; count: number }>>`
        SELECT m."libraryId", l."name" AS "libraryName", count(*)::int AS "count"
        FROM "Member" m LEFT JOIN "Library" l ON l."id" = m."libraryId"
        WHERE m."followsNetwork"
        GROUP BY m."libraryId", l."name"`;
    },
  };
}
