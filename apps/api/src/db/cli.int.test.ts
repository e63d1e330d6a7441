import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { uniqueEmail } from '../../test/factories';
import { useTestDatabase } from '../../test/test-database';
import { createDemoCoordinator, demoCoordinatorEmail } from '../modules/auth/auth.demo';
import { verifyPassword } from '../modules/auth/auth.passwords';
import { createCoordinator } from '../modules/auth/auth.service';

const database = useTestDatabase();

/** Runs a CLI as `pnpm coordinator:create` does, on the test database, with `stdin` piped in. */
function run(script: string, args: string[], stdin: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL(script, import.meta.url)), ...args], {
    env: { ...process.env, DATABASE_URL: database().url, LOG_LEVEL: 'silent' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  child.stdin.end(stdin);
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
}

describe('pnpm coordinator:create', () => {
  it('creates a coordinator with the password from the first line of standard input', async () => {
    const email = uniqueEmail('Ny.Koordinator');
    const password = 'en lang og god adgangskode';
    const result = await run(
      './coordinator-cli.ts',
      ['--email', email, '--name', 'Ny Koordinator'],
      `${password}\nrest`,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(email.toLowerCase());
    const row = await database().prisma.coordinator.findUniqueOrThrow({ where: { email: email.toLowerCase() } });
    expect(await verifyPassword(row.passwordHash, password)).toBe(true);
  }, 120_000);
});

describe('creating a coordinator', () => {
  it('holds the password rule, and one account per address', async () => {
    const email = uniqueEmail();
    await expect(
      createCoordinator(database().prisma, { email, name: 'X', password: 'qwertyuiop123' }, { now: new Date() }),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      fields: [{ field: 'password', message: 'password_too_common' }],
    });
    await createCoordinator(
      database().prisma,
      { email, name: 'X', password: 'en lang og god adgangskode' },
      { now: new Date() },
    );
    await expect(
      createCoordinator(
        database().prisma,
        { email: email.toUpperCase(), name: 'Y', password: 'en anden god adgangskode' },
        { now: new Date() },
      ),
    ).rejects.toMatchObject({ code: 'conflict' });
  });
});

describe('pnpm api-key:create', () => {
  it('prints the key once, with every scope for --scopes all', async () => {
    const result = await run('./api-key-cli.ts', ['--name', 'Integration', '--scopes', 'all'], '');
    expect(result.code).toBe(0);
    const key = result.stdout.trim();
    expect(key).toMatch(/^bok_[\w-]{43}$/);
    const row = await database().prisma.apiKey.findFirstOrThrow({ where: { name: 'Integration' } });
    expect(row.scopes).toContain('audit:read');
    expect(row.keyHash).not.toContain(key);
  }, 120_000);
});

describe('the demo coordinator', () => {
  it('is created with a generated password only while there is no coordinator', async () => {
    const db = database().prisma;
    await db.coordinator.deleteMany({});
    const demo = await createDemoCoordinator(db, new Date());
    expect(demo?.email).toBe(demoCoordinatorEmail);
    const row = await db.coordinator.findUniqueOrThrow({ where: { email: demoCoordinatorEmail } });
    expect(await verifyPassword(row.passwordHash, demo!.password)).toBe(true);
    expect(await createDemoCoordinator(db, new Date())).toBeNull();
  });
});
