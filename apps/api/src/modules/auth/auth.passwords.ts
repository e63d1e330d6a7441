import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/**
 * argon2id with OWASP's first recommended setting (Password Storage Cheat Sheet): 19 MiB, 2
 * passes, 1 lane. About 80–200 ms on our machines, on libuv's thread pool (not the event loop).
 * The parameters travel in each hash, so raising them later leaves old hashes verifiable.
 */
const options = { algorithm: 2 /* Argon2id */, memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

let dummyHash: Promise<string> | undefined;

/**
 * Checks a password against a stored hash. Without one (nobody has that address) it verifies
 * against a hash made once with the same parameters, so an unknown address costs the same time
 * as a wrong password and the two cannot be told apart.
 */
export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  if (storedHash === null) {
    dummyHash ??= hashPassword('not the password of anyone at all');
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(storedHash, password).catch(() => false);
}

/** A password for a generated account (the demo's): 120 random bits, in groups that are easy to copy. */
export function generatePassword(): string {
  return randomBytes(15).toString('base64url').match(/.{5}/g)!.join('-');
}
