import { afterAll, beforeAll } from 'vitest';
import { createDatabase, type DatabaseHandle } from '../src/db/prisma';
import { databaseUrl, templateName, uniqueDatabaseName, withAdmin } from './postgres';

export interface TestDatabase extends DatabaseHandle {
  url: string;
  name: string;
}

/** A fresh, migrated database of its own on real PostgreSQL, dropped afterwards. */
export async function createTestDatabase(poolSize = 10): Promise<TestDatabase> {
  const name = uniqueDatabaseName();
  await withAdmin((admin) => admin.query(`CREATE DATABASE "${name}" TEMPLATE "${templateName()}"`));
  const url = databaseUrl(name);
  const handle = createDatabase(url, poolSize);
  return {
    ...handle,
    url,
    name,
    async close() {
      await handle.close();
      await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

/** For a test file: its own database for all its tests. */
export function useTestDatabase(poolSize = 10): () => TestDatabase {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase(poolSize);
  });
  afterAll(async () => {
    await database?.close();
  });
  return () => {
    if (!database) throw new Error('The test database is not ready (use it inside a test or hook).');
    return database;
  };
}
