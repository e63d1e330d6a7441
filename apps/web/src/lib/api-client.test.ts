import { networkSchema } from '@bok/shared/network';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { buildNetwork } from '@/testing/fixtures';
import { emptyResponse, jsonResponse, mockApi, problemResponse, requestsTo } from '@/testing/mock-api';
import { ApiError, apiGet, apiRequest, apiUrl } from './api-client';

describe('apiUrl', () => {
  it('prefixes the API version and drops empty parameters', () => {
    expect(apiUrl('/meetings', { to: '2026-01-01T00:00:00.000Z', page: 2, theme: undefined, status: '' })).toBe(
      '/api/v1/meetings?to=2026-01-01T00%3A00%3A00.000Z&page=2',
    );
    expect(apiUrl('/network')).toBe('/api/v1/network');
    expect(apiUrl('/mailbox', { to: 'a@b.dk' }, '/api/dev')).toBe('/api/dev/mailbox?to=a%40b.dk');
  });
});

describe('apiRequest', () => {
  it('sends JSON with its headers and parses the answer', async () => {
    const fetchMock = mockApi({ 'POST /api/v1/things': jsonResponse({ ok: true }, 201) });
    await expect(
      apiRequest('/things', z.object({ ok: z.boolean() }), {
        method: 'POST',
        body: { name: 'Mette' },
        headers: { 'idempotency-key': 'k1' },
      }),
    ).resolves.toEqual({ ok: true });
    const [call] = requestsTo(fetchMock, '/api/v1/things', 'POST');
    expect(call?.body).toEqual({ name: 'Mette' });
    expect(call?.headers.get('content-type')).toBe('application/json');
    expect(call?.headers.get('idempotency-key')).toBe('k1');
  });

  it('reads an empty 204 as undefined', async () => {
    mockApi({ 'DELETE /api/v1/things/1': emptyResponse(204) });
    await expect(apiRequest('/things/1', z.undefined(), { method: 'DELETE' })).resolves.toBeUndefined();
  });

  it('carries the fields of a problem and the Retry-After of a 429', async () => {
    mockApi({
      '/api/v1/things': problemResponse(
        429,
        { code: 'rate_limited', title: 'Too many requests', errors: [{ field: 'email', code: 'x', message: 'y' }] },
        { 'retry-after': '12' },
      ),
    });
    const error = await apiRequest('/things', z.unknown(), { method: 'POST', body: {} }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).retryAfterSeconds).toBe(12);
    expect((error as ApiError).fieldErrors).toEqual([{ field: 'email', code: 'x', message: 'y' }]);
  });
});

describe('apiGet', () => {
  it('returns the parsed body', async () => {
    const network = buildNetwork();
    mockApi({ '/api/v1/network': network });
    await expect(apiGet('/network', networkSchema)).resolves.toEqual(network);
  });

  it('turns problem+json into an ApiError carrying the problem', async () => {
    mockApi({
      '/api/v1/network': problemResponse(503, {
        code: 'service_unavailable',
        title: 'Service Unavailable',
        detail: 'Vi holder pause.',
      }),
    });
    const error = await apiGet('/network', networkSchema).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      kind: 'http',
      status: 503,
      problem: { code: 'service_unavailable', detail: 'Vi holder pause.' },
    });
  });

  it('keeps the status when an error body is not a problem', async () => {
    mockApi({
      '/api/v1/network': new Response('Bad gateway', { status: 502, headers: { 'content-type': 'text/plain' } }),
    });
    await expect(apiGet('/network', networkSchema)).rejects.toMatchObject({ kind: 'http', status: 502, problem: null });
  });

  it('rejects a body that does not match the schema', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    mockApi({ '/api/v1/network': jsonResponse({ name: 'BoK' }) });
    await expect(apiGet('/network', networkSchema)).rejects.toMatchObject({ kind: 'invalid_response', status: 200 });
  });

  it('reports an unreachable server as a network error', async () => {
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')));
    await expect(apiGet('/network', networkSchema)).rejects.toMatchObject({ kind: 'network', status: null });
  });

  it('lets a cancelled request surface as the abort it is', async () => {
    const controller = new AbortController();
    const abort = new DOMException('Aborted', 'AbortError');
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(abort));
    controller.abort();
    await expect(apiGet('/network', networkSchema, { signal: controller.signal })).rejects.toBe(abort);
  });
});
