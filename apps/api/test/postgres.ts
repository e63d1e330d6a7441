import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { readMigrations } from '../src/db/migrate';

/** The PostgreSQL server the integration tests use (a maintenance database on it). */
export const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export function databaseUrl(name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The template's name changes with the migrations, so a stale template is never used. */
export function templateName(): string {
  const hash = createHash('sha256');
  for (const migration of readMigrations()) hash.update(migration.name).update(migration.checksum);
  return `bok_template_${hash.digest('hex').slice(0, 12)}`;
}

export async function withAdmin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export function uniqueDatabaseName(prefix = 'bok_test'): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}
