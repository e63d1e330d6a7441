/**
 * The languages of the app and its e-mails, Danish first. Kept apart from `common.ts` (which
 * builds `localeSchema` from it) so the browser can know them before it has loaded zod.
 */
export const locales = ['da', 'en'] as const;
export type Locale = (typeof locales)[number];

export function isLocale(value: unknown): value is Locale {
  return (locales as readonly unknown[]).includes(value);
}
