import { describe, expect, it, vi } from 'vitest';
import { createIdempotencyKeys } from './idempotency-key';
import { randomUuid } from './uuid';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('randomUuid', () => {
  it('makes version 4 uuids, also where crypto.randomUUID is missing (plain HTTP)', () => {
    expect(randomUuid()).toMatch(uuidPattern);
    vi.stubGlobal('isSecureContext', false);
    const fallback = randomUuid();
    expect(fallback).toMatch(uuidPattern);
    expect(randomUuid()).not.toBe(fallback);
  });
});

describe('createIdempotencyKeys', () => {
  it('reuses the key for the same data and makes a new one for other data or after a reset', () => {
    const keys = createIdempotencyKeys();
    const first = keys.keyFor({ name: 'Mette', email: 'mette@koege.dk' });
    expect(first).toMatch(uuidPattern);
    expect(keys.keyFor({ name: 'Mette', email: 'mette@koege.dk' })).toBe(first);
    const changed = keys.keyFor({ name: 'Mette T', email: 'mette@koege.dk' });
    expect(changed).not.toBe(first);
    keys.reset();
    expect(keys.keyFor({ name: 'Mette T', email: 'mette@koege.dk' })).not.toBe(changed);
  });
});
