import { describe, expect, it } from 'vitest';
import { canonicalJson, requestHash } from './idempotency';

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: true, y: null }], c: undefined } })).toBe(
      '{"a":{"d":[1,{"y":null,"z":true}]},"b":1}',
    );
  });

  it('writes dates as ISO instants and undefined array items as null, like JSON.stringify', () => {
    expect(canonicalJson([new Date('2026-03-01T08:00:00Z'), undefined])).toBe('["2026-03-01T08:00:00.000Z",null]');
  });
});

describe('requestHash', () => {
  it('is the same for the same content in any key order', () => {
    const body = { name: 'Mette', email: 'mette@koege.dk', consent: true, comment: undefined };
    expect(requestHash({ meetingId: 'm', body })).toBe(
      requestHash({ body: { consent: true, email: 'mette@koege.dk', name: 'Mette' }, meetingId: 'm' }),
    );
  });

  it('differs when any value differs, including the meeting', () => {
    const body = { name: 'Mette', email: 'mette@koege.dk' };
    const hashes = new Set([
      requestHash({ meetingId: 'm', body }),
      requestHash({ meetingId: 'other', body }),
      requestHash({ meetingId: 'm', body: { ...body, name: 'Mette ' } }),
      requestHash({ meetingId: 'm', body: { ...body, comment: '' } }),
    ]);
    expect(hashes.size).toBe(4);
  });
});
