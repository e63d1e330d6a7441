import { describe, expect, it } from 'vitest';
import { i18n, setLocale, toLocale } from './i18n';
import daLayout from './locales/da/layout.json';
import daPages from './locales/da/pages.json';
import enLayout from './locales/en/layout.json';
import enPages from './locales/en/pages.json';

function keys(value: object, prefix = ''): string[] {
  return Object.entries(value).flatMap(([key, child]) =>
    typeof child === 'object' && child !== null ? keys(child, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

describe('i18n', () => {
  it('has the same keys in Danish and English, and no key in both namespaces', () => {
    expect(keys(enLayout).sort()).toEqual(keys(daLayout).sort());
    expect(keys(enPages).sort()).toEqual(keys(daPages).sort());
    expect(Object.keys(daLayout).filter((key) => key in daPages)).toEqual([]);
  });

  it('starts in Danish', () => {
    expect(i18n.language).toBe('da');
    expect(document.documentElement.lang).toBe('da');
  });

  it('finds page texts without naming their namespace', () => {
    expect(i18n.t('app.name')).toBe('BoK Møder');
    expect(i18n.t('network.upcoming')).toBe(daPages.network.upcoming);
  });

  it('remembers the chosen language, loads its texts and sets <html lang>', async () => {
    await setLocale('en');
    expect(i18n.language).toBe('en');
    expect(i18n.t('nav.archive')).toBe(enLayout.nav.archive);
    expect(i18n.t('network.upcoming')).toBe('Upcoming meetings');
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
