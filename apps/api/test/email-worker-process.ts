// A delivery worker in a process of its own, for tests that kill it (see emails.crash.int.test.ts).
import { createDatabase } from '../src/db/prisma';
import { startTestEmailWorker } from './email-worker';

const databaseUrl = process.env.WORKER_DATABASE_URL;
const smtpUrl = process.env.WORKER_SMTP_URL;
if (!databaseUrl || !smtpUrl) throw new Error('WORKER_DATABASE_URL and WORKER_SMTP_URL are required');

const database = createDatabase(databaseUrl, 4);
await startTestEmailWorker(database, { smtpUrl, tuning: JSON.parse(process.env.WORKER_TUNING ?? '{}') });
process.stdout.write('worker ready\n');
// Runs until it is killed.
setInterval(() => {}, 1 << 30);
