// `pnpm coordinator:create --email E --name N` (or `node dist/coordinator.js …`): creates a
// coordinator, reading the password from the first line of standard input.
import { parseArgs } from 'node:util';
import { passwordMaxLength, passwordMinLength } from '@bok/shared/auth';
import { loadEnv } from '../env';
import { AppError } from '../lib/app-error';
import { createCoordinator } from '../modules/auth/auth.service';
import { readSecretLine } from './cli-input';
import { openDatabase } from './database';

const { values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' } } });
if (!values.email || !values.name) {
  console.error('Usage: pnpm coordinator:create --email E --name N  (the password is read from standard input)');
  process.exit(2);
}
const password = await readSecretLine(`Password (${passwordMinLength}–${passwordMaxLength} characters): `);

const env = loadEnv();
const database = await openDatabase(env, { migrate: true });
try {
  const coordinator = await createCoordinator(
    database.prisma,
    { email: values.email, name: values.name, password },
    { now: new Date() },
  );
  console.log(`Coordinator created: ${coordinator.name} <${coordinator.email}> (${coordinator.id})`);
} catch (error) {
  if (!(error instanceof AppError)) throw error;
  const fields = error.fields?.map((field) => `  ${field.field}: ${field.message}`) ?? [];
  console.error([error.message, ...fields].join('\n'));
  process.exitCode = 1;
} finally {
  await database.close();
}
