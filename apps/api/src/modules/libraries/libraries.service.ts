import type { Library } from '@bok/shared/libraries';
import type { Database } from '../../db/prisma';
import { toLibrary } from '../meetings/meetings.mapper';
import { librariesRepository } from './libraries.repository';

const danishOrder = new Intl.Collator('da');

export function librariesService(db: Database) {
  const repository = librariesRepository(db);
  return {
    /** All libraries in Danish alphabetical order (æ, ø, å last), as people look for them. */
    async list(): Promise<Library[]> {
      const rows = await repository.findAll();
      return rows.map(toLibrary).sort((a, b) => danishOrder.compare(a.name, b.name));
    },
  };
}
