import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/*
 * Secrets the server must read back (a TOTP secret) are kept encrypted: AES-256-GCM with a key
 * derived from APP_SECRET for one purpose, so a copy of the database alone does not reveal them.
 * Format: v1.<iv>.<ciphertext>.<tag>, base64url.
 */

function keyFor(appSecret: string, purpose: string): Buffer {
  return createHmac('sha256', appSecret).update(`secret-box:${purpose}`).digest();
}

export function seal(appSecret: string, purpose: string, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(appSecret, purpose), iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv, body, cipher.getAuthTag()]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

/** The plaintext, or null when the box was sealed with another key (APP_SECRET changed) or altered. */
export function open(appSecret: string, purpose: string, box: string): string | null {
  const [version, iv, body, tag] = box.split('.');
  if (version !== 'v1' || !iv || !body || !tag) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFor(appSecret, purpose), Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
