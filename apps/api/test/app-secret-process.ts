// Resolves the generated app secret in a process of its own, for the test that starts several at once.
import { resolveAppSecret } from '../src/lib/app-secret';

const dataDir = process.env.SECRET_DATA_DIR;
if (!dataDir) throw new Error('SECRET_DATA_DIR is required');
// Start together: wait for the moment the test chose, so the processes race for the file.
const startAt = Number(process.env.SECRET_START_AT ?? 0);
while (Date.now() < startAt) {}
process.stdout.write(resolveAppSecret({ NODE_ENV: 'development', DATA_DIR: dataDir, APP_SECRET: undefined }));
