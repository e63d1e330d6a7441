import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export { hashToken } from '../../lib/manage-token';

/** 256 random bits, base64url: session tokens and the random half of API keys. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * A session's CSRF token: derived from its cookie's token, so nothing more is stored and a page
 * reload can be given the same one again (GET /auth/session). A cross-site page can neither read
 * the cookie nor this answer, so it cannot send the header.
 */
export function csrfTokenFor(appSecret: string, sessionToken: string): string {
  return createHmac('sha256', appSecret).update(`csrf:${sessionToken}`).digest('base64url');
}

/** Compares two secrets in time that does not depend on where they differ. */
export function secretsEqual(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
