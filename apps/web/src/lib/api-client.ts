import { type Problem, problemSchema } from '@bok/shared/errors';
import type { z } from 'zod';

/**
 * Why a request failed: the server answered with an error (`http`), it could not be reached
 * (`network`), or it answered something our schema does not accept (`invalid_response`).
 */
export type ApiErrorKind = 'http' | 'network' | 'invalid_response';

export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly kind: ApiErrorKind,
    readonly status: number | null,
    readonly problem: Problem | null,
    options?: ErrorOptions,
  ) {
    super(problem?.title ?? `API request failed (${kind}${status === null ? '' : ` ${status}`})`, options);
  }

  /** 4xx answers will not change by asking again. */
  get isClientError(): boolean {
    return this.status !== null && this.status >= 400 && this.status < 500;
  }
}

export type QueryParams = Record<string, string | number | undefined>;

const apiBase = '/api/v1';

export function apiUrl(path: string, query: QueryParams = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const queryString = search.toString();
  return `${apiBase}${path}${queryString ? `?${queryString}` : ''}`;
}

async function readProblem(response: Response): Promise<Problem | null> {
  if (!(response.headers.get('content-type') ?? '').includes('json')) return null;
  try {
    const parsed = problemSchema.safeParse(await response.json());
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * GETs an API resource and parses it with the shared schema: the browser trusts no shape
 * it has not checked, so a drifting API fails here, loudly, not deep in a component.
 */
export async function apiGet<Schema extends z.ZodType>(
  path: string,
  schema: Schema,
  options: { query?: QueryParams; signal?: AbortSignal } = {},
): Promise<z.output<Schema>> {
  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), {
      headers: { accept: 'application/json, application/problem+json' },
      signal: options.signal,
    });
  } catch (error) {
    // A cancelled query is not a failure; TanStack Query expects the abort to surface as is.
    if (options.signal?.aborted) throw error;
    throw new ApiError('network', null, null, { cause: error });
  }

  if (!response.ok) throw new ApiError('http', response.status, await readProblem(response));

  let body: unknown;
  try {
    body = await response.json();
  } catch (error) {
    throw new ApiError('invalid_response', response.status, null, { cause: error });
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    if (import.meta.env.DEV) console.warn(`Unexpected response from ${path}`, parsed.error.issues);
    throw new ApiError('invalid_response', response.status, null, { cause: parsed.error });
  }
  return parsed.data;
}
