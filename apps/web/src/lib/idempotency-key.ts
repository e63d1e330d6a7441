import { randomUuid } from './uuid';

/**
 * Idempotency keys for one form: the same data sent again (a double click, a retry after a lost
 * answer) goes with the same key, so the server answers it once; changed data is a new request
 * and gets a new key (the server would refuse an old key with another body).
 */
export function createIdempotencyKeys() {
  let last: { fingerprint: string; key: string } | null = null;
  return {
    keyFor(payload: unknown): string {
      const fingerprint = JSON.stringify(payload);
      if (last?.fingerprint !== fingerprint) last = { fingerprint, key: randomUuid() };
      return last.key;
    },
    /** After an answer that ends the attempt (success), the next submission is a new one. */
    reset() {
      last = null;
    },
  };
}
