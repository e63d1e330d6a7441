import type { QueryClient } from '@tanstack/react-query';
import { createRootRouteWithContext, createRoute, createRouter, type RouterHistory } from '@tanstack/react-router';
import { NotFound } from '@/components/not-found';
import { meetingQueryOptions } from '@/features/meetings/api/get-meeting';
import { ArchiveRoute, archiveSearchSchema } from '@/features/meetings/routes/archive-route';
import { MeetingRoute } from '@/features/meetings/routes/meeting-route';
import { networkQueryOptions } from '@/features/network/api/get-network';
import { NetworkRoute } from '@/features/network/routes/network-route';
import { RootLayout } from './root-layout';

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
  component: MeetingRoute,
});

const archiveRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/arkiv',
  validateSearch: archiveSearchSchema,
  component: ArchiveRoute,
});

const routeTree = rootRoute.addChildren([networkRoute, meetingRoute, archiveRoute]);

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
