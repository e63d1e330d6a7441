import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveAppSecret } from './app-secret';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bok-secret-'));
  dirs.push(dir);
  return dir;
}
const resolve = (dir: string) => resolveAppSecret({ NODE_ENV: 'development', DATA_DIR: dir, APP_SECRET: undefined });

describe('resolveAppSecret', () => {
  it('generates a secret of 32+ characters into DATA_DIR, readable by this user only, and keeps it', () => {
    const dir = dataDir();
    const secret = resolve(dir);
    expect(secret.length).toBeGreaterThanOrEqual(32);
    const file = join(dir, 'app-secret');
    expect(readFileSync(file, 'utf8')).toBe(secret);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(resolve(dir)).toBe(secret);
    // Written through a temporary file: none is left behind.
    expect(readdirSync(dir)).toEqual(['app-secret']);
  });

  it('uses APP_SECRET when set, and requires it in production', () => {
    const dir = dataDir();
    const configured = 'c'.repeat(40);
    expect(resolveAppSecret({ NODE_ENV: 'development', DATA_DIR: dir, APP_SECRET: configured })).toBe(configured);
    expect(() => resolveAppSecret({ NODE_ENV: 'production', DATA_DIR: dir, APP_SECRET: undefined })).toThrow(
      /APP_SECRET must be set/,
    );
  });

  it('generates a new secret in place of an empty file (a start that crashed before writing it)', () => {
    for (const content of ['', '  \n']) {
      const dir = dataDir();
      writeFileSync(join(dir, 'app-secret'), content);
      const secret = resolve(dir);
      expect(secret.length).toBeGreaterThanOrEqual(32);
      expect(readFileSync(join(dir, 'app-secret'), 'utf8')).toBe(secret);
    }
  });

  it('refuses to start on a file that holds too short a secret, saying what to do', () => {
    const dir = dataDir();
    writeFileSync(join(dir, 'app-secret'), 'short-secret\n');
    expect(() => resolve(dir)).toThrow(/app-secret.*32 characters.*(delete|APP_SECRET)/s);
    // Left as it was: it may be someone's key, which only they can decide to throw away.
    expect(readFileSync(join(dir, 'app-secret'), 'utf8')).toBe('short-secret\n');
  });

  it('gives every process that starts at once the same secret', async () => {
    const dir = dataDir();
    const startAt = Date.now() + 1_500;
    const children = Array.from({ length: 4 }, () =>
      spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../../test/app-secret-process.ts')], {
        env: { ...process.env, SECRET_DATA_DIR: dir, SECRET_START_AT: String(startAt) },
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    const secrets = await Promise.all(
      children.map(async (child) => {
        let output = '';
        let errors = '';
        child.stdout.on('data', (chunk) => (output += chunk));
        child.stderr.on('data', (chunk) => (errors += chunk));
        const [code] = await once(child, 'exit');
        expect(code, errors).toBe(0);
        return output;
      }),
    );
    expect(new Set(secrets).size).toBe(1);
    expect(readFileSync(join(dir, 'app-secret'), 'utf8')).toBe(secrets[0]);
  }, 20_000);
});
