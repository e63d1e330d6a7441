import { isLocale, type Locale, locales } from '@bok/shared/locales';
import i18n, { type BackendModule } from 'i18next';
import { initReactI18next } from 'react-i18next';
import layout from './locales/da/layout.json';

export const defaultLocale: Locale = 'da';
export { locales };

const storageKey = 'bok-moder.language';

/**
 * The texts in two namespaces: `layout` (header, footer, loading, 404: what the first render
 * shows) and `pages` (everything else), which loads with the first page (app/router.tsx). Lookups
 * fall back from `layout` to `pages`, so components ask for keys without naming a namespace.
 */
export const namespaces = ['layout', 'pages', 'coordinator'] as const;
export type Namespace = (typeof namespaces)[number];

type Texts = {
  layout: typeof layout;
  pages: typeof import('./locales/da/pages.json');
  /** The coordinator's dashboard: loaded with its routes only, never for the public pages. */
  coordinator: typeof import('./locales/da/coordinator.json');
};

/**
 * Danish layout texts, the default language's, come with the first script; the rest is fetched
 * when needed, in the visitor's language only. `satisfies` makes a key missing from the English
 * files a type error.
 */
const texts: { [L in Locale]: { [N in Namespace]: () => Promise<Texts[N]> } } = {
  da: {
    layout: () => Promise.resolve(layout),
    pages: () => import('./locales/da/pages.json').then((module) => module.default),
    coordinator: () => import('./locales/da/coordinator.json').then((module) => module.default),
  },
  en: {
    layout: () => import('./locales/en/layout.json').then((module) => module.default satisfies Texts['layout']),
    pages: () => import('./locales/en/pages.json').then((module) => module.default satisfies Texts['pages']),
    coordinator: () =>
      import('./locales/en/coordinator.json').then((module) => module.default satisfies Texts['coordinator']),
  },
};

function isNamespace(value: string): value is Namespace {
  return (namespaces as readonly string[]).includes(value);
}

const lazyTexts: BackendModule = {
  type: 'backend',
  init() {},
  read(language, namespace, callback) {
    if (!isNamespace(namespace)) return callback(new Error(`no texts for namespace ${namespace}`), false);
    texts[toLocale(language)][namespace]().then(
      (resources) => callback(null, resources),
      (error: Error) => callback(error, false),
    );
  },
};

function readStoredLocale(): Locale | undefined {
  try {
    const stored = window.localStorage.getItem(storageKey);
    return isLocale(stored) ? stored : undefined;
  } catch {
    // Storage can be blocked by privacy settings; the default language is then fine.
    return undefined;
  }
}

/** The current language as one of ours, whatever i18next reports. */
export function toLocale(language: string | undefined): Locale {
  const locale = language?.slice(0, 2);
  return isLocale(locale) ? locale : defaultLocale;
}

/** Switches language (once its texts are loaded) and remembers the choice for the next visit. */
export async function setLocale(locale: Locale): Promise<void> {
  try {
    window.localStorage.setItem(storageKey, locale);
  } catch {
    // Not remembered, but still switched for this visit.
  }
  await i18n.changeLanguage(locale);
}

/** The texts of the pages, in the current language; every page's chunk waits for them. */
export async function loadPageTexts(): Promise<void> {
  await i18n.loadNamespaces('pages');
}

/** The dashboard's texts, with the page texts it also uses; only its routes wait for them. */
export async function loadCoordinatorTexts(): Promise<void> {
  await i18n.loadNamespaces(['pages', 'coordinator']);
}

// Screen readers and the browser's hyphenation follow <html lang>.
i18n.on('languageChanged', (language) => {
  document.documentElement.lang = toLocale(language);
});

/**
 * Resolves when the layout texts of the visitor's language are loaded: at once in Danish, which
 * is bundled, so the first render is already translated. main.tsx renders after it.
 */
export const i18nReady: Promise<unknown> = i18n
  .use(lazyTexts)
  .use(initReactI18next)
  .init({
    resources: { da: { layout } },
    // What `resources` lacks comes from `lazyTexts`.
    partialBundledLanguages: true,
    ns: ['layout'],
    defaultNS: 'layout',
    fallbackNS: ['pages', 'coordinator'],
    lng: readStoredLocale() ?? defaultLocale,
    fallbackLng: defaultLocale,
    supportedLngs: locales,
    initAsync: false,
    interpolation: { escapeValue: false },
    showSupportNotice: false,
  });

export { i18n };
