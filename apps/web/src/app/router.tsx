import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  type RouterHistory,
  redirect,
} from '@tanstack/react-router';
import { Loading } from '@/components/loading';
import { NotFound } from '@/components/not-found';
import { takePasswordResetTokenFromUrl } from '@/features/coordinator/routes/password-reset-token';
import { validateMailboxSearch } from '@/features/emails/routes/mailbox-search';
import { meetingQueryOptions } from '@/features/meetings/api/get-meeting';
import { validateArchiveSearch } from '@/features/meetings/routes/archive-search';
import { networkQueryOptions } from '@/features/network/api/get-network';
import {
  takeManageTokenFromUrl,
  validateManageRegistrationSearch,
} from '@/features/registrations/routes/manage-token-from-url';
import { loadCoordinatorTexts, loadPageTexts } from '@/i18n/i18n';
import { RootLayout } from './root-layout';

/**
 * Each page is a chunk of its own, fetched with the page texts when its route is entered (or
 * hovered): the first script holds only the layout and the router. A route's loader starts the
 * page's query at the same time, so chunk, texts and data arrive together.
 */
function lazyPage<Module extends Record<string, unknown>>(load: () => Promise<Module>, name: keyof Module) {
  return lazyRouteComponent(() => Promise.all([load(), loadPageTexts()]).then(([module]) => module), name);
}

type RouterContext = { queryClient: QueryClient };

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: RootLayout,
  notFoundComponent: () => <NotFound />,
});

// Loaders only warm the query cache (on hover, too) and never block or throw:
// the pages render their own loading and error states from the same queries.
const networkRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/',
  loader: ({ context }) => {
    void context.queryClient.prefetchQuery(networkQueryOptions());
  },
  component: lazyPage(() => import('@/features/network/routes/network-route'), 'NetworkRoute'),
});

const meetingRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/moeder/$meetingId',
  loader: ({ context, params }) => {
    void context.queryClient.prefetchQuery(meetingQueryOptions(params.meetingId));
  },
  component: lazyPage(() => import('./routes/meeting-page'), 'MeetingPage'),
});

const archiveRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/arkiv',
  validateSearch: validateArchiveSearch,
  component: lazyPage(() => import('@/features/meetings/routes/archive-route'), 'ArchiveRoute'),
});

/** The e-mailed manage link, `/tilmelding/{id}#token=…` (links sent before had `?token=…`). */
const manageRegistrationRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/tilmelding/$registrationId',
  validateSearch: validateManageRegistrationSearch,
  // The token is a password: keep it for this tab and take it out of the address bar (history.replaceState,
  // no search, no hash) before anything renders, so it stays out of history, bookmarks and screenshots.
  beforeLoad: ({ params, search, location, preload }) => {
    if (preload) return;
    if (takeManageTokenFromUrl(params.registrationId, { hash: location.hash, search })) {
      throw redirect({ to: '/tilmelding/$registrationId', params, search: {}, replace: true });
    }
  },
  component: lazyPage(() => import('./routes/manage-registration-page'), 'ManageRegistrationPage'),
});

const privacyRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/privatliv',
  component: lazyPage(() => import('@/features/network/routes/privacy-route'), 'PrivacyRoute'),
});

/** Development only, and not linked: the e-mails the app would have sent (the API answers 404 otherwise). */
const mailboxRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/dev/postkasse',
  validateSearch: validateMailboxSearch,
  component: lazyPage(() => import('@/features/emails/routes/mailbox-route'), 'MailboxRoute'),
});

/** The coordinator's dashboard: its chunks and texts load only when a coordinator opens it. */
function lazyCoordinatorPage<Module extends Record<string, unknown>>(load: () => Promise<Module>, name: keyof Module) {
  return lazyRouteComponent(() => Promise.all([load(), loadCoordinatorTexts()]).then(([module]) => module), name);
}

const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/koordinator/log-ind',
  component: lazyCoordinatorPage(() => import('@/features/coordinator/routes/sign-in-route'), 'SignInRoute'),
});

const forgotPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/koordinator/glemt-adgangskode',
  component: lazyCoordinatorPage(
    () => import('@/features/coordinator/routes/password-reset-routes'),
    'ForgotPasswordRoute',
  ),
});

/** The e-mailed reset link, `/koordinator/ny-adgangskode#token=…`: the token leaves the address bar at once. */
const newPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/koordinator/ny-adgangskode',
  beforeLoad: ({ location, preload }) => {
    if (preload) return;
    if (takePasswordResetTokenFromUrl(location.hash)) {
      throw redirect({ to: '/koordinator/ny-adgangskode', replace: true });
    }
  },
  component: lazyCoordinatorPage(
    () => import('@/features/coordinator/routes/password-reset-routes'),
    'NewPasswordRoute',
  ),
});

const dashboardRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/koordinator',
  component: lazyCoordinatorPage(() => import('@/features/coordinator/routes/dashboard-route'), 'DashboardRoute'),
});

const meetingAdminRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/koordinator/moeder/$meetingId',
  component: lazyCoordinatorPage(
    () => import('@/features/coordinator/routes/meeting-admin-route'),
    'MeetingAdminRoute',
  ),
});

const meetingPreviewRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/koordinator/moeder/$meetingId/forhaandsvisning',
  component: lazyCoordinatorPage(
    () => import('@/features/coordinator/routes/meeting-preview-route'),
    'MeetingPreviewRoute',
  ),
});

const agendaTemplateRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/koordinator/dagsorden-skabelon',
  component: lazyCoordinatorPage(
    () => import('@/features/coordinator/routes/agenda-template-route'),
    'AgendaTemplateRoute',
  ),
});

const accountRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/koordinator/konto',
  component: lazyCoordinatorPage(() => import('@/features/coordinator/routes/account-route'), 'AccountRoute'),
});

const apiKeysRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/koordinator/api-noegler',
  component: lazyCoordinatorPage(() => import('@/features/coordinator/routes/api-keys-route'), 'ApiKeysRoute'),
});

const participantsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/koordinator/moeder/$meetingId/deltagere',
  component: lazyCoordinatorPage(() => import('@/features/coordinator/routes/participants-route'), 'ParticipantsRoute'),
});

const checkInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/koordinator/moeder/$meetingId/tjek-ind',
  component: lazyCoordinatorPage(() => import('@/features/coordinator/check-in/check-in-route'), 'CheckInRoute'),
});

const auditRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/koordinator/log',
  validateSearch: (search: Record<string, unknown>): { meetingId?: string; action?: string } => ({
    ...(typeof search.meetingId === 'string' ? { meetingId: search.meetingId } : {}),
    ...(typeof search.action === 'string' ? { action: search.action } : {}),
  }),
  component: lazyCoordinatorPage(() => import('@/features/coordinator/routes/audit-route'), 'AuditRoute'),
});

const routeTree = rootRoute.addChildren([
  networkRoute,
  meetingRoute,
  archiveRoute,
  manageRegistrationRoute,
  privacyRoute,
  mailboxRoute,
  signInRoute,
  forgotPasswordRoute,
  newPasswordRoute,
  dashboardRoute,
  meetingAdminRoute,
  meetingPreviewRoute,
  participantsRoute,
  checkInRoute,
  agendaTemplateRoute,
  accountRoute,
  apiKeysRoute,
  auditRoute,
]);

export function createAppRouter({ queryClient, history }: { queryClient: QueryClient; history?: RouterHistory }) {
  return createRouter({
    routeTree,
    context: { queryClient },
    ...(history ? { history } : {}),
    defaultPreload: 'intent',
    // TanStack Query owns freshness; the router should always ask it.
    defaultPreloadStaleTime: 0,
    // While a page's chunk is on its way; the pages show the same while their data is.
    defaultPendingComponent: Loading,
    scrollRestoration: true,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
