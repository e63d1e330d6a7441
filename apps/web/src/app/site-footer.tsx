import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useNetwork } from '@/features/network/api/get-network';
import { CoordinatorContact } from '@/features/network/components/coordinator-contact';

export function SiteFooter() {
  const { t } = useTranslation();
  // Shares the front page's query; while it loads or if it fails, the footer just stays short.
  const network = useNetwork();
  return (
    <footer className="site-footer">
      <div className="container site-footer__inner">
        <div>
          <p className="site-footer__name">{network.data?.name ?? t('app.name')}</p>
          <ul className="site-footer__links">
            <li>
              <Link to="/privatliv">{t('footer.privacy')}</Link>
            </li>
          </ul>
        </div>
        {network.data ? (
          <div className="site-footer__contact">
            <h2 className="site-footer__heading">{t('footer.contact')}</h2>
            <p>{t('footer.coordinatedBy', { organisation: network.data.coordinator.organisation })}</p>
            <CoordinatorContact coordinator={network.data.coordinator} />
          </div>
        ) : null}
      </div>
    </footer>
  );
}
