import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Env } from '../env';

/**
 * APP_SECRET when set. Outside production a generated one is kept in DATA_DIR, so manage
 * links survive restarts without any setup; production must configure its own.
 */
export function resolveAppSecret(env: Pick<Env, 'APP_SECRET' | 'NODE_ENV' | 'DATA_DIR'>): string {
  if (env.APP_SECRET) return env.APP_SECRET;
  if (env.NODE_ENV === 'production') throw new Error('APP_SECRET must be set in production (32+ characters).');
  const file = join(env.DATA_DIR, 'app-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(env.DATA_DIR, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
