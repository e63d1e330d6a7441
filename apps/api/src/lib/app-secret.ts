import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { Env } from '../env';

/** As APP_SECRET: an HMAC key shorter than this is guessable. */
const minimumLength = 32;

function readIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function isErrno(error: unknown, code: string): boolean {
  return (error as NodeJS.ErrnoException).code === code;
}

/**
 * Puts `secret` at `file` whole or not at all, and only if no file is there: written to a temporary
 * file (0600) and synced, then hard-linked into place, which fails when another process got there
 * first. Returns false then, and the caller reads the other's.
 */
function createExclusively(file: string, secret: string): boolean {
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(temporary, 'wx', 0o600);
  try {
    writeSync(fd, secret);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temporary, file);
    return true;
  } catch (error) {
    if (isErrno(error, 'EEXIST')) return false;
    throw error;
  } finally {
    rmSync(temporary, { force: true });
  }
}

/**
 * APP_SECRET when set. Outside production a generated one is kept in DATA_DIR, so manage
 * links survive restarts without any setup; production must configure its own.
 *
 * The file is created atomically and exclusively, so app processes starting at once on one
 * DATA_DIR (with DATABASE_URL set) agree on one key. An empty file (a crash before the write was atomic) is
 * replaced; one holding too short a secret is refused, not replaced: it may be a key someone
 * put there, and replacing it would silently invalidate every manage link sent with it.
 */
export function resolveAppSecret(env: Pick<Env, 'APP_SECRET' | 'NODE_ENV' | 'DATA_DIR'>): string {
  if (env.APP_SECRET) return env.APP_SECRET;
  if (env.NODE_ENV === 'production') throw new Error('APP_SECRET must be set in production (32+ characters).');
  mkdirSync(env.DATA_DIR, { recursive: true, mode: 0o700 });
  const file = join(env.DATA_DIR, 'app-secret');
  // A few rounds: each lost race means another process just wrote the file or moved an empty one away.
  for (let attempt = 0; attempt < 5; attempt++) {
    const stored = readIfExists(file)?.trim();
    if (stored) {
      if (stored.length >= minimumLength) return stored;
      throw new Error(
        `${file} holds a secret of ${stored.length} characters; it must have at least ${minimumLength} characters. ` +
          'Set APP_SECRET, or delete the file to have a new one generated (manage links already sent stop working).',
      );
    }
    if (stored === '') {
      // Moving it aside is atomic: of processes that found it empty, one replaces it.
      const aside = `${file}.empty-${process.pid}`;
      try {
        renameSync(file, aside);
        rmSync(aside, { force: true });
      } catch (error) {
        if (!isErrno(error, 'ENOENT')) throw error;
      }
      continue;
    }
    const secret = randomBytes(32).toString('base64url');
    if (createExclusively(file, secret)) return secret;
  }
  throw new Error(`Could not create ${file}: other processes keep changing it.`);
}
