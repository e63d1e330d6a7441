import { describe, expect, it } from 'vitest';
import da from './da.json';
import en from './en.json';
import { i18n, setLocale, toLocale } from './i18n';

function keys(value: object, prefix = ''): string[] {
  return Object.entries(value).flatMap(([key, child]) =>
    typeof child === 'object' && child !== null ? keys(child, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

describe('i18n', () => {
  it('has the same keys in Danish and English', () => {
    expect(keys(en).sort()).toEqual(keys(da).sort());
  });

  it('starts in Danish', () => {
    expect(i18n.language).toBe('da');
    expect(document.documentElement.lang).toBe('da');
  });

  it('remembers the chosen language and sets <html lang>', async () => {
    await setLocale('en');
    expect(i18n.language).toBe('en');
    expect(document.documentElement.lang).toBe('en');
    expect(window.localStorage.getItem('bok-moder.language')).toBe('en');
  });

  it('maps any language tag to one of ours', () => {
    expect(toLocale('en-GB')).toBe('en');
    expect(toLocale('da')).toBe('da');
    expect(toLocale('de')).toBe('da');
    expect(toLocale(undefined)).toBe('da');
  });
});
