import { Link, Navigate } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading } from '@/components/loading';
import { QueryError } from '@/components/query-error';
import { useSession, useSignOut } from '../api/session';

/** The dashboard's pages, for a signed-in coordinator only; anyone else is taken to the sign-in page. */
export function CoordinatorGate({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const session = useSession();
  const signOut = useSignOut();
  if (session.isPending) return <Loading />;
  if (session.isError)
    return <QueryError error={session.error} onRetry={() => void session.refetch()} headingLevel={1} />;
  if (!session.data) return <Navigate to="/koordinator/log-ind" replace />;
  return (
    <div className="dashboard">
      <nav className="dashboard__nav" aria-label={t('coordinator.title')}>
        <Link to="/koordinator" activeOptions={{ exact: true }}>
          {t('coordinator.nav.meetings')}
        </Link>
        <Link to="/koordinator/dagsorden-skabelon">{t('coordinator.nav.template')}</Link>
        <Link to="/koordinator/api-noegler">{t('coordinator.nav.apiKeys')}</Link>
        <Link to="/koordinator/log">{t('coordinator.nav.audit')}</Link>
        <Link to="/koordinator/konto" className="dashboard__who">
          {session.data.coordinator.name}
          <span className="visually-hidden"> ({t('coordinator.nav.account')})</span>
        </Link>
        <button type="button" className="button button--secondary" onClick={() => signOut.mutate()}>
          {t('coordinator.nav.signOut')}
        </button>
      </nav>
      {children}
    </div>
  );
}
