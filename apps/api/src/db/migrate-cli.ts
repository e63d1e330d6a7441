// `node dist/migrate.js`: applies pending migrations to DATABASE_URL (or the embedded database).
import { loadEnv } from '../env';
import { openDatabase } from './database';

const env = loadEnv();
const database = await openDatabase(env, { migrate: true });
console.log(database.migrated.length ? `Applied: ${database.migrated.join(', ')}` : 'No pending migrations.');
await database.close();
