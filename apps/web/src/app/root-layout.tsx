import { Outlet, useRouterState } from '@tanstack/react-router';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { SiteFooter } from './site-footer';
import { SiteHeader } from './site-header';

export function RootLayout() {
  const { t } = useTranslation();
  const mainRef = useRef<HTMLElement>(null);
  const page = useRouterState({ select: (state) => `${state.location.pathname}${state.location.searchStr}` });
  const firstPage = useRef(page);

  // After client-side navigation, start screen readers and keyboards at the new content,
  // as a full page load would, instead of on the link that was just followed.
  useEffect(() => {
    if (page === firstPage.current) return;
    firstPage.current = page;
    mainRef.current?.focus({ preventScroll: true });
  }, [page]);

  return (
    <>
      {/* The browser moves focus to #main itself, because <main> is focusable (tabIndex -1). */}
      <a className="skip-link" href="#main">
        {t('app.skipLink')}
      </a>
      <SiteHeader />
      <main id="main" ref={mainRef} tabIndex={-1} className="container site-main">
        <Outlet />
      </main>
      <SiteFooter />
    </>
  );
}
