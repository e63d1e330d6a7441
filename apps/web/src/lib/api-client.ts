import type { FieldError, Problem } from '@bok/shared/errors';
import type { z } from 'zod';

/**
 * Why a request failed: the server answered with an error (`http`), it could not be reached
 * (`network`), or it answered something our schema does not accept (`invalid_response`).
 */
export type ApiErrorKind = 'http' | 'network' | 'invalid_response';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  /** From `Retry-After` (429, 503): how long to wait before asking again. */
  readonly retryAfterSeconds: number | null;

  constructor(
    readonly kind: ApiErrorKind,
    readonly status: number | null,
    readonly problem: Problem | null,
    options?: ErrorOptions & { retryAfterSeconds?: number | null },
  ) {
    super(problem?.title ?? `API request failed (${kind}${status === null ? '' : ` ${status}`})`, options);
    this.retryAfterSeconds = options?.retryAfterSeconds ?? null;
  }

  /** 4xx answers will not change by asking again. */
  get isClientError(): boolean {
    return this.status !== null && this.status >= 400 && this.status < 500;
  }

  /** The fields the server named as failing (problem+json `errors`). */
  get fieldErrors(): FieldError[] {
    return this.problem?.errors ?? [];
  }
}

export type QueryParams = Record<string, string | number | undefined>;

/** The public API; the development mailbox lives beside it, under /api/dev. */
export type ApiBase = '/api/v1' | '/api/dev';

export function apiUrl(path: string, query: QueryParams = {}, base: ApiBase = '/api/v1'): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const queryString = search.toString();
  return `${base}${path}${queryString ? `?${queryString}` : ''}`;
}

async function readProblem(response: Response): Promise<Problem | null> {
  if (!(response.headers.get('content-type') ?? '').includes('json')) return null;
  try {
    const { problemSchema } = await import('@bok/shared/errors');
    const parsed = problemSchema.safeParse(await response.json());
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** `Retry-After` is either seconds or an HTTP date. */
function readRetryAfter(response: Response): number | null {
  const value = response.headers.get('retry-after');
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

export type RequestOptions = {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: QueryParams;
  /** Sent as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  base?: ApiBase;
};

/**
 * The schema an answer is parsed with, or a function importing it. zod is 25 KB of script that
 * the first render does not need: the queries of the first page (network, meeting) pass
 * `() => import(...)`, and the schema then loads while the request is under way.
 */
export type SchemaSource<Schema extends z.ZodType> = Schema | (() => Promise<Schema>);

/**
 * Calls the API and parses the answer with the shared schema: the browser trusts no shape it
 * has not checked, so a drifting API fails here, loudly, not deep in a component. An empty
 * answer (204, or a 202 without a body) is parsed as `undefined`.
 */
export async function apiRequest<Schema extends z.ZodType>(
  path: string,
  schemaSource: SchemaSource<Schema>,
  options: RequestOptions = {},
): Promise<z.output<Schema>> {
  const schemaLoaded = Promise.resolve(typeof schemaSource === 'function' ? schemaSource() : schemaSource);
  // Awaited only after the response; a failed import must not be an unhandled rejection before that.
  schemaLoaded.catch(() => {});

  const headers: Record<string, string> = { accept: 'application/json, application/problem+json', ...options.headers };
  const init: RequestInit = { method: options.method ?? 'GET', headers, signal: options.signal };
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(options.body);
  }

  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query, options.base), init);
  } catch (error) {
    // A cancelled query is not a failure; TanStack Query expects the abort to surface as is.
    if (options.signal?.aborted) throw error;
    throw new ApiError('network', null, null, { cause: error });
  }

  if (!response.ok) {
    throw new ApiError('http', response.status, await readProblem(response), {
      retryAfterSeconds: readRetryAfter(response),
    });
  }

  // 204, and a 202 that only says "accepted", have no body: parsed as `undefined`.
  let body: unknown;
  if (response.status !== 204) {
    try {
      const text = await response.text();
      body = text === '' ? undefined : JSON.parse(text);
    } catch (error) {
      throw new ApiError('invalid_response', response.status, null, { cause: error });
    }
  }
  let schema: Schema;
  try {
    schema = await schemaLoaded;
  } catch (error) {
    // The script with the schema did not arrive: as good as an unreachable server.
    throw new ApiError('network', null, null, { cause: error });
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    if (import.meta.env.DEV) console.warn(`Unexpected response from ${path}`, parsed.error.issues);
    throw new ApiError('invalid_response', response.status, null, { cause: parsed.error });
  }
  return parsed.data;
}

/** GETs an API resource; see `apiRequest`. */
export function apiGet<Schema extends z.ZodType>(
  path: string,
  schema: SchemaSource<Schema>,
  options: Omit<RequestOptions, 'method' | 'body'> = {},
): Promise<z.output<Schema>> {
  return apiRequest(path, schema, options);
}
