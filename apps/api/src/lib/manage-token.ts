import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A registration's manage token: HMAC-SHA256(APP_SECRET, registration id), 256 bits, base64url.
 * The database keeps only its SHA-256, so a database leak reveals no link; the server can
 * re-derive the token for every e-mail, so all of a registrant's e-mails carry the same link.
 */
export function manageTokenFor(secret: string, registrationId: string): string {
  return createHmac('sha256', secret).update(`registration-manage:${registrationId}`).digest('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Constant-time check of a presented token against the stored hash. */
export function tokenMatches(token: string, storedHash: string): boolean {
  const presented = Buffer.from(hashToken(token), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
