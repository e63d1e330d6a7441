import { createHash, randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';

/*
 * Two-factor sign-in rules, without a database: RFC 6238 TOTP (SHA-1, 6 digits, 30 s, what every
 * authenticator app reads) and one-time recovery codes.
 */

const period = 30;
/** One step either side: a phone clock 30 s off, or a code typed as it changed, still works. */
const window = 1;

export const totpIssuer = 'BoK Møder';

/** A new secret of 160 bits (RFC 4226's recommendation), base32 as the apps want it. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function totpUri(secretBase32: string, accountEmail: string): string {
  return new TOTP({
    issuer: totpIssuer,
    label: accountEmail,
    secret: Secret.fromBase32(secretBase32),
    period,
  }).toString();
}

/**
 * The time step a code belongs to, when it is right for `now` (±1 step), else null. The caller
 * accepts it only if it is later than the last step accepted: a code cannot be used twice.
 */
export function totpStepOf(secretBase32: string, code: string, now: Date): number | null {
  const timestamp = now.getTime();
  const delta = TOTP.validate({ token: code, secret: Secret.fromBase32(secretBase32), period, window, timestamp });
  return delta === null ? null : TOTP.counter({ period, timestamp }) + delta;
}

/** The code for `now`: for tests and the demo. */
export function totpCodeFor(secretBase32: string, now: Date): string {
  return TOTP.generate({ secret: Secret.fromBase32(secretBase32), period, timestamp: now.getTime() });
}

export const recoveryCodeCount = 10;

// Crockford-style base32 without look-alikes (no I, L, O, U): easy to read off paper.
const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * Ten codes of 16 characters (80 random bits), printed as xxxx-xxxx-xxxx-xxxx. At that entropy a
 * plain SHA-256 is enough at rest: nobody can search 2^80 candidates, and guessing online is
 * throttled with the sign-in attempts.
 */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: recoveryCodeCount }, () => {
    const bytes = randomBytes(16);
    const chars = [...bytes].map((byte) => alphabet[byte % 32]).join('');
    return chars.match(/.{4}/g)!.join('-');
  });
}

/** What was typed, as it was printed: case, spaces and hyphens do not matter. */
export function normalizeRecoveryCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

export function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(normalizeRecoveryCode(code)).digest('hex');
}
