import type { Locale } from '@bok/shared/common';
import { useTranslation } from 'react-i18next';
import { toLocale } from './i18n';

/** The visitor's language; re-renders the caller when it changes. */
export function useLocale(): Locale {
  const { i18n } = useTranslation();
  return toLocale(i18n.resolvedLanguage ?? i18n.language);
}
