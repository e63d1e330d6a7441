import { describe, expect, it } from 'vitest';
import { isCommonPassword, passwordSchema, totpDisableSchema } from './auth';

const messages = (value: string) => {
  const result = passwordSchema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
};

describe('the password rule', () => {
  it('takes 12 to 128 characters, counted as characters (code points), spaces included', () => {
    expect(messages('elleve tegn')).toEqual(['password_too_short']);
    expect(messages('tolv tegn ok')).toEqual([]);
    // Twelve characters, but 24 UTF-16 units: accepted; eleven of them: refused.
    expect(messages('🐝'.repeat(12))).toEqual([]);
    expect(messages('🐝'.repeat(11))).toEqual(['password_too_short']);
    expect(messages('a'.repeat(128))).toEqual([]);
    expect(messages('a'.repeat(129))).toEqual(['password_too_long']);
  });

  it('asks for no mix of character classes', () => {
    expect(messages('rødgrød med fløde')).toEqual([]);
    expect(messages('                  ')).toEqual([]);
  });

  it('refuses common passwords, whatever their case', () => {
    expect(isCommonPassword('qwertyuiop123')).toBe(true);
    expect(isCommonPassword('QwertyUiop123')).toBe(true);
    expect(isCommonPassword('1q2w3e4r5t6y')).toBe(true);
    expect(messages('1qaz2wsx3edc')).toEqual(['password_too_common']);
    expect(isCommonPassword('grøn hest på taget')).toBe(false);
  });
});

describe('turning two-factor sign-in off', () => {
  it('needs the password or a code', () => {
    expect(totpDisableSchema.safeParse({}).success).toBe(false);
    expect(totpDisableSchema.safeParse({ password: 'x' }).success).toBe(true);
    expect(totpDisableSchema.safeParse({ code: '123456' }).success).toBe(true);
    expect(totpDisableSchema.safeParse({ code: '12345' }).success).toBe(false);
  });
});
