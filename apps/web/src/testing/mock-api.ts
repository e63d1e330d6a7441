import { problemContentType } from '@bok/shared/errors';
import { vi } from 'vitest';
import { buildProblem } from './fixtures';

/** What a route sees of a request: enough to answer by method, header or body. */
export type MockRequest = {
  method: string;
  headers: Headers;
  /** The JSON body, parsed; undefined when there is none. */
  body: unknown;
};

/**
 * A canned answer, or a function of the request for answers that depend on it. A function may
 * throw to simulate a request that never reached the server, or return a promise to hold the answer back.
 */
export type ApiRoute =
  | Response
  | object
  | ((url: URL, request: MockRequest) => Response | object | Promise<Response | object>);

export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

export function problemResponse(
  status: number,
  overrides: Parameters<typeof buildProblem>[0] = {},
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(buildProblem({ status, ...overrides })), {
    status,
    headers: { 'content-type': problemContentType, ...headers },
  });
}

export function emptyResponse(status = 204): Response {
  return new Response(null, { status });
}

/**
 * Replaces fetch with a router over API paths. A key is a path (`/api/v1/network`, any method) or
 * a method and a path (`POST /api/v1/meetings/x/registrations`), which wins. Unknown paths answer
 * 404 problem+json, as the API does.
 */
export function mockApi(routes: Record<string, ApiRoute>) {
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(
      typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
      'http://localhost',
    );
    const method = (init?.method ?? 'GET').toUpperCase();
    const route = routes[`${method} ${url.pathname}`] ?? routes[url.pathname];
    if (route === undefined) return problemResponse(404, { detail: `No fixture for ${method} ${url.pathname}` });
    const request: MockRequest = {
      method,
      headers: new Headers(init?.headers),
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    const answer = typeof route === 'function' ? await route(url, request) : route;
    // A Response body can be read once; clone so a route can answer many times.
    return answer instanceof Response ? answer.clone() : jsonResponse(answer);
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

/** The requests fetch was called with, for assertions on method, headers and body. */
export function requestsTo(fetchMock: ReturnType<typeof mockApi>, pathname: string, method?: string) {
  return fetchMock.mock.calls
    .map(([input, init]) => ({
      url: new URL(String(input), 'http://localhost'),
      method: (init?.method ?? 'GET').toUpperCase(),
      headers: new Headers(init?.headers),
      body: typeof init?.body === 'string' ? (JSON.parse(init.body) as Record<string, unknown>) : undefined,
    }))
    .filter((call) => call.url.pathname === pathname && (method === undefined || call.method === method));
}
