import { migrate } from '../src/db/migrate';
import { databaseUrl, templateName, withAdmin } from './postgres';

/** Builds the migrated template database once; each test file clones it (CREATE DATABASE … TEMPLATE). */
export default async function setup() {
  const template = templateName();
  await withAdmin(async (admin) => {
    await admin.query('SELECT pg_advisory_lock(4242)');
    try {
      const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
      if (!rowCount) {
        await admin.query(`CREATE DATABASE "${template}_building"`).catch(async () => {
          await admin.query(`DROP DATABASE "${template}_building" WITH (FORCE)`);
          await admin.query(`CREATE DATABASE "${template}_building"`);
        });
        await migrate(databaseUrl(`${template}_building`));
        await admin.query(`ALTER DATABASE "${template}_building" RENAME TO "${template}"`);
      }
      // Leftovers of interrupted runs.
      const { rows } = await admin.query<{ datname: string }>(
        "SELECT datname FROM pg_database WHERE datname LIKE 'bok_test_%'",
      );
      for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    } finally {
      await admin.query('SELECT pg_advisory_unlock(4242)');
    }
  });
}
