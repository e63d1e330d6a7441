import { describe, expect, it } from 'vitest';
import { i18n } from '@/i18n/i18n';
import { customCodes, fieldMessage } from './field-messages';

const t = i18n.getFixedT('da');

describe('fieldMessage', () => {
  it('has its own words for every code the shared schemas and the API use', () => {
    for (const code of customCodes) {
      const message = fieldMessage(t, { field: 'name', code: 'custom', message: code });
      expect(message, code).not.toBe(t('validation.invalid'));
      expect(message, code).not.toContain('validation.');
    }
  });

  it('says what is missing for required fields and what is wrong for the rest', () => {
    expect(fieldMessage(t, { field: 'email', code: 'too_small', message: '' })).toBe(t('validation.emailRequired'));
    expect(fieldMessage(t, { field: 'email', code: 'invalid_format', message: '' }, 'x@')).toBe(t('validation.email'));
  });
});
