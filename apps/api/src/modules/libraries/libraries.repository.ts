import type { Database } from '../../db/prisma';
import type { Library } from '../../generated/prisma/client';

/** A library as stored. */
export type LibraryRow = Library;

export function librariesRepository(db: Database) {
  return {
    findAll() {
      return db.library.findMany();
    },
  };
}
