// `pnpm api-key:create --name N --scopes S1,S2` (or `--scopes all`; `node dist/api-key.js …`):
// creates an API key and prints it, the only time it is shown.
import { parseArgs } from 'node:util';
import { apiKeyCreateSchema, apiScopes } from '@bok/shared/api-keys';
import { loadEnv } from '../env';
import { apiKeysService } from '../modules/api-keys/api-keys.service';
import { openDatabase } from './database';

const { values } = parseArgs({ options: { name: { type: 'string' }, scopes: { type: 'string' } } });
const scopes = values.scopes === 'all' ? [...apiScopes] : (values.scopes ?? '').split(',').map((s) => s.trim());
const input = apiKeyCreateSchema.safeParse({ name: values.name, scopes: scopes.filter(Boolean) });
if (!input.success) {
  console.error('Usage: pnpm api-key:create --name N --scopes S1,S2 (or --scopes all)');
  console.error(`Scopes: ${apiScopes.join(', ')}`);
  for (const issue of input.error.issues) console.error(`  ${issue.path.join('.')}: ${issue.message}`);
  process.exit(2);
}

const env = loadEnv();
const database = await openDatabase(env, { migrate: true });
try {
  const created = await apiKeysService(database.prisma).create(
    input.data,
    { type: 'system', id: null, scopes: apiScopes },
    { ip: null, now: new Date() },
  );
  console.error(`API key "${created.name}" (${created.id}) with ${created.scopes.join(', ')}. It is shown only now:`);
  console.log(created.key);
} finally {
  await database.close();
}
