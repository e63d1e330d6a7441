import { type Locale, localeSchema } from '@bok/shared/common';
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import da from './da.json';
import en from './en.json';

export const defaultLocale: Locale = 'da';
export const locales = localeSchema.options;

const storageKey = 'bok-moder.language';

export const resources = {
  da: { translation: da },
  // `satisfies` makes a key missing from the English file a type error.
  en: { translation: en satisfies typeof da },
} as const;

function readStoredLocale(): Locale | undefined {
  try {
    const parsed = localeSchema.safeParse(window.localStorage.getItem(storageKey));
    return parsed.success ? parsed.data : undefined;
  } catch {
    // Storage can be blocked by privacy settings; the default language is then fine.
    return undefined;
  }
}

/** The current language as one of ours, whatever i18next reports. */
export function toLocale(language: string | undefined): Locale {
  const parsed = localeSchema.safeParse(language?.slice(0, 2));
  return parsed.success ? parsed.data : defaultLocale;
}

/** Switches language and remembers the choice for the next visit. */
export async function setLocale(locale: Locale): Promise<void> {
  try {
    window.localStorage.setItem(storageKey, locale);
  } catch {
    // Not remembered, but still switched for this visit.
  }
  await i18n.changeLanguage(locale);
}

// Screen readers and the browser's hyphenation follow <html lang>.
i18n.on('languageChanged', (language) => {
  document.documentElement.lang = toLocale(language);
});

void i18n.use(initReactI18next).init({
  resources,
  lng: readStoredLocale() ?? defaultLocale,
  fallbackLng: defaultLocale,
  supportedLngs: locales,
  // Resources are bundled, so initialise synchronously: the first render is already translated.
  initAsync: false,
  interpolation: { escapeValue: false },
  showSupportNotice: false,
});

export { i18n };
