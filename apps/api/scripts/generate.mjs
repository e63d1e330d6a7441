// `prisma generate` needs no schema engine, but the CLI insists on one being present:
// point it at a placeholder so it never tries to download one (no network here).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const placeholder = join(mkdtempSync(join(tmpdir(), 'bok-prisma-')), 'schema-engine');
writeFileSync(placeholder, '');
execFileSync('prisma', ['generate'], {
  cwd: new URL('../../..', import.meta.url),
  stdio: 'inherit',
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? placeholder,
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
  },
});
