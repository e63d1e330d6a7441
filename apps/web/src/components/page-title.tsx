import { useTranslation } from 'react-i18next';

/** React 19 hoists <title> into <head>, so each page names itself for tabs and screen readers. */
export function PageTitle({ title }: { title: string }) {
  const { t } = useTranslation();
  return <title>{t('app.pageTitle', { title })}</title>;
}
