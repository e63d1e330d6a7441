import type { Env } from '../env';
import { startEmbeddedDatabase } from './embedded';
import { migrate } from './migrate';
import { createDatabase, type DatabaseHandle } from './prisma';

export interface OpenDatabase extends DatabaseHandle {
  url: string;
  embedded: boolean;
  /** Migrations applied while opening. */
  migrated: string[];
}

/** DATABASE_URL when set, else the embedded PGlite in DATA_DIR; migrated before use. */
export async function openDatabase(
  env: Pick<Env, 'DATABASE_URL' | 'DATA_DIR' | 'DATABASE_POOL_SIZE'>,
  options: { migrate: boolean },
): Promise<OpenDatabase> {
  const embedded = env.DATABASE_URL ? undefined : await startEmbeddedDatabase(env.DATA_DIR);
  const url = env.DATABASE_URL ?? embedded!.url;
  try {
    const migrated = options.migrate ? (await migrate(url)).applied : [];
    const handle = createDatabase(url, embedded ? 1 : env.DATABASE_POOL_SIZE);
    return {
      ...handle,
      url,
      embedded: Boolean(embedded),
      migrated,
      async close() {
        await handle.close();
        await embedded?.close();
      },
    };
  } catch (error) {
    await embedded?.close();
    throw error;
  }
}
