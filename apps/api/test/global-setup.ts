import { migrate } from '../src/db/migrate';
import { processAlive } from '../src/lib/process-alive';
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
      // Leftovers of interrupted runs: databases whose creating process is gone. A run still going
      // on (another terminal, a colleague's) keeps its databases.
      const { rows } = await admin.query<{ datname: string }>(
        "SELECT datname FROM pg_database WHERE datname ~ '^bok_test(_[a-z]+)?_[0-9]+_'",
      );
      for (const { datname } of rows) {
        const pid = Number(/_(\d+)_[0-9a-f]+$/.exec(datname)?.[1]);
        if (Number.isInteger(pid) && !processAlive(pid)) {
          await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
        }
      }
    } finally {
      await admin.query('SELECT pg_advisory_unlock(4242)');
    }
  });
}
