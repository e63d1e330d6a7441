import { createMemoryHistory, RouterProvider } from '@tanstack/react-router';
import { render } from '@testing-library/react';
import { AppProvider } from '@/app/provider';
import { createQueryClient } from '@/app/query-client';
import { createAppRouter } from '@/app/router';
import { type ApiRoute, mockApi } from './mock-api';

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
