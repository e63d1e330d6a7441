// `node dist/seed.js [--force]`: seeds the demo data; --force also seeds a database that has data.
import { loadEnv } from '../env';
import { openDatabase } from './database';
import { seedDemoData } from './seed';

const env = loadEnv();
const database = await openDatabase(env, { migrate: true });
const result = await seedDemoData(database.prisma, { force: process.argv.includes('--force') });
console.log(result.seeded ? 'Demo data seeded.' : `Not seeded: ${result.reason} (use --force).`);
await database.close();
