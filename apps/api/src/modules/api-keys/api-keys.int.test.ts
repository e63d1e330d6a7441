import { type ApiKeyCreated, type ApiKeyList, apiScopes } from '@bok/shared/api-keys';
import { describe, expect, it } from 'vitest';
import { asBrowser, bearer, createApiKey, createCoordinator, signIn, testClock } from '../../../test/auth';
import { useTestApp } from '../../../test/test-app';

const clock = testClock();
const { app, database } = useTestApp({ now: clock.now });
const db = () => database().prisma;

describe('API keys', () => {
  it('are created by a coordinator, shown once, stored as a hash, and listed without the key', async () => {
    const coordinator = await createCoordinator(db());
    const browser = await signIn(app(), coordinator);
    const created = await app().inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: asBrowser(browser),
      payload: { name: 'Kalenderintegration', scopes: ['meetings:read', 'registrations:read', 'meetings:read'] },
    });
    expect(created.statusCode).toBe(201);
    const key = created.json<ApiKeyCreated>();
    expect(key.key).toMatch(/^bok_[\w-]{43}$/);
    expect(key.prefix).toBe(key.key.slice(0, 12));
    expect(key.scopes).toEqual(['meetings:read', 'registrations:read']);
    expect(key.createdBy).toEqual({ id: coordinator.id, name: coordinator.name });

    const row = await db().apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(JSON.stringify(row)).not.toContain(key.key);
    const list = await app().inject({ method: 'GET', url: '/api/v1/api-keys', headers: asBrowser(browser) });
    expect(list.body).not.toContain(key.key);
    expect(list.json<ApiKeyList>().items.find((item) => item.id === key.id)).toMatchObject({
      name: 'Kalenderintegration',
      lastUsedAt: null,
      revokedAt: null,
    });
    const audit = await db().auditLog.findFirstOrThrow({ where: { entityId: key.id } });
    expect(audit).toMatchObject({ action: 'api_key.created', actorType: 'coordinator', actorId: coordinator.id });
    expect(JSON.stringify(audit)).not.toContain(key.key);
  });

  it('refuses unknown scopes and an empty list', async () => {
    const browser = await signIn(app(), await createCoordinator(db()));
    for (const scopes of [['meetings:everything'], []]) {
      const response = await app().inject({
        method: 'POST',
        url: '/api/v1/api-keys',
        headers: asBrowser(browser),
        payload: { name: 'x', scopes },
      });
      expect(response.statusCode).toBe(400);
    }
  });

  it('updates lastUsedAt when used, at most once a minute', async () => {
    const { key, id } = await createApiKey(db(), ['api-keys:read']);
    const use = () => app().inject({ method: 'GET', url: '/api/v1/api-keys', headers: bearer(key) });
    expect((await use()).statusCode).toBe(200);
    const first = (await db().apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt;
    expect(first?.getTime()).toBe(clock.now().getTime());
    clock.advance(30_000);
    await use();
    expect((await db().apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt).toEqual(first);
    clock.advance(31_000);
    await use();
    expect((await db().apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt?.getTime()).toBe(clock.now().getTime());
  });

  it('refuses a revoked key from the next request on', async () => {
    const { key, id } = await createApiKey(db(), ['api-keys:read', 'api-keys:write']);
    const other = await createApiKey(db(), ['api-keys:write']);
    expect((await app().inject({ method: 'GET', url: '/api/v1/api-keys', headers: bearer(key) })).statusCode).toBe(200);
    const revoked = await app().inject({ method: 'DELETE', url: `/api/v1/api-keys/${id}`, headers: bearer(other.key) });
    expect(revoked.statusCode).toBe(204);
    const refused = await app().inject({ method: 'GET', url: '/api/v1/api-keys', headers: bearer(key) });
    expect(refused.statusCode).toBe(401);
    expect(refused.json().code).toBe('unauthenticated');
    // Again: still 204, nothing more recorded.
    expect(
      (await app().inject({ method: 'DELETE', url: `/api/v1/api-keys/${id}`, headers: bearer(other.key) })).statusCode,
    ).toBe(204);
    const audit = await db().auditLog.findMany({ where: { entityId: id, action: 'api_key.revoked' } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorType: 'api_key', actorId: other.id });
    const unknown = await app().inject({
      method: 'DELETE',
      url: '/api/v1/api-keys/00000000-0000-4000-8000-000000000000',
      headers: bearer(other.key),
    });
    expect(unknown.statusCode).toBe(404);
  });

  it('lets a key create keys only with scopes it has itself', async () => {
    const { key } = await createApiKey(db(), ['api-keys:write', 'meetings:read']);
    const create = (scopes: string[]) =>
      app().inject({
        method: 'POST',
        url: '/api/v1/api-keys',
        headers: bearer(key),
        payload: { name: 'Afledt', scopes },
      });
    const wider = await create(['meetings:read', 'meetings:write']);
    expect(wider.statusCode).toBe(403);
    expect(wider.json()).toMatchObject({ code: 'forbidden', requiredScope: 'meetings:write' });
    const narrower = await create(['meetings:read']);
    expect(narrower.statusCode).toBe(201);
    expect(narrower.json<ApiKeyCreated>().createdBy).toBeNull();
  });

  it('a coordinator may grant every scope', async () => {
    const browser = await signIn(app(), await createCoordinator(db()));
    const response = await app().inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: asBrowser(browser),
      payload: { name: 'Alt', scopes: [...apiScopes] },
    });
    expect(response.json<ApiKeyCreated>().scopes).toEqual([...apiScopes].sort());
  });
});
