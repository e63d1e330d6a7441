import { useTranslation } from 'react-i18next';
import { locales, setLocale } from '@/i18n/i18n';
import { useLocale } from '@/i18n/use-locale';

export function LanguageSwitch() {
  const { t } = useTranslation();
  const current = useLocale();
  return (
    <fieldset className="language-switch" data-testid="language-switch">
      <legend className="visually-hidden">{t('language.label')}</legend>
      {locales.map((locale) => (
        <button
          key={locale}
          type="button"
          // Each language's name is written in that language, so it is announced in it too.
          lang={locale}
          aria-pressed={current === locale}
          onClick={() => void setLocale(locale)}
        >
          {t(`language.${locale}`)}
        </button>
      ))}
    </fieldset>
  );
}
