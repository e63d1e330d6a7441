import { fieldErrorCodes } from '@bok/shared/errors';
import { personNameSchema } from '@bok/shared/members';
import { beforeAll, describe, expect, it } from 'vitest';
import { i18n } from '@/i18n/i18n';
import { fieldMessage } from './field-messages';

const t = i18n.getFixedT('da');
const en = i18n.getFixedT('en');

// The words are in the pages' texts, which the app loads on demand, English only when asked for.
beforeAll(async () => {
  await i18n.loadNamespaces('pages');
  await i18n.loadLanguages(['da', 'en']);
});

describe('fieldMessage', () => {
  it('has its own words for every field code in packages/shared, in Danish and English', () => {
    for (const translate of [t, en]) {
      for (const code of fieldErrorCodes) {
        const message = fieldMessage(translate, { field: 'name', code: 'custom', message: code });
        expect(message, code).not.toBe(translate('validation.invalid'));
        expect(message, code).not.toContain('validation.');
      }
    }
  });

  it('says so when a pasted text carries invisible characters (a bidi override in a name)', () => {
    const parsed = personNameSchema.safeParse('Mette \u202eweT');
    const issue = { field: 'name', code: parsed.error!.issues[0]!.code, message: parsed.error!.issues[0]!.message };
    expect(fieldMessage(t, issue)).toBe(t('validation.invisible_characters'));
    expect(fieldMessage(en, issue)).toContain('invisible characters');
  });

  it('says what is missing for required fields and what is wrong for the rest', () => {
    expect(fieldMessage(t, { field: 'email', code: 'too_small', message: '' })).toBe(t('validation.emailRequired'));
    expect(fieldMessage(t, { field: 'email', code: 'invalid_format', message: '' }, 'x@')).toBe(t('validation.email'));
  });
});
