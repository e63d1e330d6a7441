import { createHmac } from 'node:crypto';

/**
 * A password-reset link's token: HMAC-SHA256(APP_SECRET, reset id), 256 bits, base64url. Only its
 * SHA-256 is stored, and the outbox keeps a placeholder where the link goes: the link is derived
 * again as the e-mail goes out, the way manage links are (docs/decisions/0005, 0006).
 */
export function passwordResetTokenFor(secret: string, resetId: string): string {
  return createHmac('sha256', secret).update(`password-reset:${resetId}`).digest('base64url');
}

/** The web page that takes the token from the fragment (never sent to a server) and asks for a new password. */
export function passwordResetUrlFor(publicUrl: string, secret: string, resetId: string): string {
  return `${publicUrl}/koordinator/ny-adgangskode#token=${passwordResetTokenFor(secret, resetId)}`;
}
