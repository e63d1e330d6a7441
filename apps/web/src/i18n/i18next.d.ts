import 'i18next';
import type coordinator from './locales/da/coordinator.json';
import type layout from './locales/da/layout.json';
import type pages from './locales/da/pages.json';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'layout';
    fallbackNS: ['pages', 'coordinator'];
    resources: { layout: typeof layout; pages: typeof pages; coordinator: typeof coordinator };
  }
}
