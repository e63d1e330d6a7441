import { createMemoryHistory, RouterProvider } from '@tanstack/react-router';
import { render } from '@testing-library/react';
import { AppProvider } from '@/app/provider';
import { createQueryClient } from '@/app/query-client';
import { createAppRouter } from '@/app/router';
import { type ApiRoute, mockApi } from './mock-api';

// The pages, the schemas of the first page's queries and the English texts are lazy chunks
// (app/router.tsx, lib/api-client.ts, i18n/i18n.ts). Loaded once up front, so that a test's first
// wait is for the page and not for the transform of their modules, which on a busy machine can
// outlast `findBy`'s second.
await Promise.all([
  ...Object.values(createAppRouter({ queryClient: createQueryClient() }).routesById).map((route) =>
    route.options.component?.preload?.(),
  ),
  import('@bok/shared/errors'),
  import('@bok/shared/network'),
  import('@bok/shared/meetings'),
  import('@/i18n/locales/en/layout.json'),
  import('@/i18n/locales/en/pages.json'),
]);

/** Renders the whole app at `path`, with the real router and providers and a faked API. */
export function renderApp(path: string, api: Record<string, ApiRoute> = {}) {
  const fetchMock = mockApi(api);
  const queryClient = createQueryClient();
  // Tests decide failures themselves; retries would only slow them down.
  queryClient.setDefaultOptions({ queries: { ...queryClient.getDefaultOptions().queries, retry: false } });
  const router = createAppRouter({ queryClient, history: createMemoryHistory({ initialEntries: [path] }) });
  const view = render(
    <AppProvider queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProvider>,
  );
  return { ...view, router, queryClient, fetchMock };
}
