import 'i18next';
import type layout from './locales/da/layout.json';
import type pages from './locales/da/pages.json';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'layout';
    fallbackNS: 'pages';
    resources: { layout: typeof layout; pages: typeof pages };
  }
}
