import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from './language-switch';

export function SiteHeader() {
  const { t } = useTranslation();
  return (
    <header className="site-header">
      <div className="container site-header__inner">
        <Link to="/" className="site-name" aria-label={t('app.homeLink')}>
          {t('app.name')}
        </Link>
        <nav aria-label={t('nav.label')} className="site-nav">
          <ul>
            <li>
              <Link to="/" activeOptions={{ exact: true, includeHash: false }}>
                {t('nav.network')}
              </Link>
            </li>
            <li>
              <Link to="/arkiv">{t('nav.archive')}</Link>
            </li>
          </ul>
        </nav>
        <LanguageSwitch />
      </div>
    </header>
  );
}
