import type { Database } from '../../db/prisma';

export function librariesRepository(db: Database) {
  return {
    findAll() {
      return db.library.findMany();
    },
  };
}
