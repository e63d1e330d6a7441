import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  type RouterHistory,
  redirect,
} from '@tanstack/react-router';
import { NotFound } from '@/components/not-found';
import { MailboxRoute, mailboxSearchSchema } from '@/features/emails/routes/mailbox-route';
import { meetingQueryOptions } from '@/features/meetings/api/get-meeting';
import { ArchiveRoute, archiveSearchSchema } from '@/features/meetings/routes/archive-route';
import { networkQueryOptions } from '@/features/network/api/get-network';
import { NetworkRoute } from '@/features/network/routes/network-route';
import { PrivacyRoute } from '@/features/network/routes/privacy-route';
import {
  manageRegistrationSearchSchema,
  takeManageTokenFromUrl,
} from '@/features/registrations/routes/manage-registration-route';
import { RootLayout } from './root-layout';
import { ManageRegistrationPage } from './routes/manage-registration-page';
import { MeetingPage } from './routes/meeting-page';

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
  component: NetworkRoute,
});

const meetingRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/moeder/$meetingId',
  loader: ({ context, params }) => {
    void context.queryClient.prefetchQuery(meetingQueryOptions(params.meetingId));
  },
  component: MeetingPage,
});

const archiveRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/arkiv',
  validateSearch: archiveSearchSchema,
  component: ArchiveRoute,
});

/** The e-mailed manage link, `/tilmelding/{id}#token=…` (links sent before had `?token=…`). */
const manageRegistrationRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/tilmelding/$registrationId',
  validateSearch: manageRegistrationSearchSchema,
  // The token is a password: keep it for this tab and take it out of the address bar (history.replaceState,
  // no search, no hash) before anything renders, so it stays out of history, bookmarks and screenshots.
  beforeLoad: ({ params, search, location, preload }) => {
    if (preload) return;
    if (takeManageTokenFromUrl(params.registrationId, { hash: location.hash, search })) {
      throw redirect({ to: '/tilmelding/$registrationId', params, search: {}, replace: true });
    }
  },
  component: ManageRegistrationPage,
});

const privacyRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/privatliv',
  component: PrivacyRoute,
});

/** Development only, and not linked: the e-mails the app would have sent (the API answers 404 otherwise). */
const mailboxRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/dev/postkasse',
  validateSearch: mailboxSearchSchema,
  component: MailboxRoute,
});

const routeTree = rootRoute.addChildren([
  networkRoute,
  meetingRoute,
  archiveRoute,
  manageRegistrationRoute,
  privacyRoute,
  mailboxRoute,
]);

export function createAppRouter({ queryClient, history }: { queryClient: QueryClient; history?: RouterHistory }) {
  return createRouter({
    routeTree,
    context: { queryClient },
    ...(history ? { history } : {}),
    defaultPreload: 'intent',
    // TanStack Query owns freshness; the router should always ask it.
    defaultPreloadStaleTime: 0,
    scrollRestoration: true,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
