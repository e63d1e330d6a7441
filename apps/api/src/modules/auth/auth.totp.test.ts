import { describe, expect, it } from 'vitest';
import {
  hashRecoveryCode,
  newRecoveryCodes,
  newTotpSecret,
  normalizeRecoveryCode,
  totpCodeFor,
  totpStepOf,
} from './auth.totp';

// RFC 6238 appendix B: the SHA-1 secret "12345678901234567890", base32.
const rfcSecret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('TOTP', () => {
  it('computes RFC 6238’s test vectors (6 digits of them)', () => {
    expect(totpCodeFor(rfcSecret, new Date(59_000))).toBe('287082');
    expect(totpCodeFor(rfcSecret, new Date(1_111_111_109_000))).toBe('081804');
    expect(totpCodeFor(rfcSecret, new Date(2_000_000_000_000))).toBe('279037');
  });

  it('accepts a code one step either side and names its step, so a used step can be refused', () => {
    const secret = newTotpSecret();
    const now = new Date('2030-01-01T12:00:10Z');
    const step = Math.floor(now.getTime() / 30_000);
    expect(totpStepOf(secret, totpCodeFor(secret, now), now)).toBe(step);
    expect(totpStepOf(secret, totpCodeFor(secret, new Date(now.getTime() - 30_000)), now)).toBe(step - 1);
    expect(totpStepOf(secret, totpCodeFor(secret, new Date(now.getTime() + 30_000)), now)).toBe(step + 1);
    expect(totpStepOf(secret, totpCodeFor(secret, new Date(now.getTime() - 90_000)), now)).toBeNull();
  });
});

describe('recovery codes', () => {
  it('are ten different codes of 16 characters, read back however they are typed', () => {
    const codes = newRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(normalizeRecoveryCode(code)).toMatch(/^[0-9A-HJKMNP-TV-Z]{16}$/);
    const code = codes[0]!;
    expect(hashRecoveryCode(` ${code.toLowerCase().replaceAll('-', ' ')} `)).toBe(hashRecoveryCode(code));
  });
});
