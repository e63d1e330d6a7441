import { problemContentType } from '@bok/shared/errors';
import { vi } from 'vitest';
import { buildProblem } from './fixtures';

/** A canned answer, or a function of the request URL for answers that depend on the query. */
export type ApiRoute = Response | object | ((url: URL) => Response | object);

export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

export function problemResponse(status: number, overrides: Parameters<typeof buildProblem>[0] = {}): Response {
  return new Response(JSON.stringify(buildProblem({ status, ...overrides })), {
    status,
    headers: { 'content-type': problemContentType },
  });
}

/**
 * Replaces fetch with a router over API paths (e.g. `/api/v1/network`). Unknown paths answer
 * 404 problem+json, as the API does.
 */
export function mockApi(routes: Record<string, ApiRoute>) {
  const fetchMock = vi.fn(async (input: RequestInfo | URL) => {
    const url = new URL(
      typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
      'http://localhost',
    );
    const route = routes[url.pathname];
    if (route === undefined) return problemResponse(404, { detail: `No fixture for ${url.pathname}` });
    const answer = typeof route === 'function' ? route(url) : route;
    // A Response body can be read once; clone so a route can answer many times.
    return answer instanceof Response ? answer.clone() : jsonResponse(answer);
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}
