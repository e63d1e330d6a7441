import { randomUUID } from 'node:crypto';
import { apiScopes } from '@bok/shared/api-keys';
import { beforeAll, describe, expect, it } from 'vitest';
import { asBrowser, bearer, createApiKey, createCoordinator, signIn } from '../../test/auth';
import { createMeeting, createRegistration } from '../../test/factories';
import { useTestApp } from '../../test/test-app';
import { testConfig } from '../lib/config';
import { manageTokenFor } from '../lib/manage-token';
import type { RouteRequirement } from './auth';

/*
 * The whole route table, read from the app itself: every route either declares what it asks of
 * its caller (config.auth) or is listed here as public on purpose. A coordinator route added
 * later without a declaration fails the first test; one with a declaration is walked by the rest.
 */
const publicRoutes = new Set([
  'GET /api/health',
  'GET /api/openapi.json',
  'GET /api/v1/network',
  'GET /api/v1/meetings',
  'GET /api/v1/meetings/:id',
  'GET /api/v1/meetings/:id/calendar.ics',
  'GET /api/v1/calendar.ics',
  'POST /api/v1/meetings/:id/registrations',
  'GET /api/v1/registrations/:id',
  'PATCH /api/v1/registrations/:id',
  'DELETE /api/v1/registrations/:id',
  'POST /api/v1/registrations/:id/confirm',
  'GET /api/v1/themes',
  'GET /api/v1/libraries',
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/password-reset',
  'POST /api/v1/auth/password-reset/confirm',
]);
/** Whole areas that are public by nature: the API docs UI, and the development mailbox (never in production). */
const publicPrefixes = ['/api/docs', '/api/dev/'];

const { app, database } = useTestApp();
const db = () => database().prisma;

let routes: RouteRequirement[];
let protectedRoutes: Array<RouteRequirement & { auth: NonNullable<RouteRequirement['auth']> }>;
let registrationToken: string;

beforeAll(async () => {
  routes = app().routeRequirements.filter((route) => route.method !== 'HEAD' && route.method !== 'OPTIONS');
  protectedRoutes = routes.filter((route): route is (typeof protectedRoutes)[number] => route.auth !== null);
  const meeting = await createMeeting(db());
  const registration = await createRegistration(db(), meeting.id);
  registrationToken = manageTokenFor(testConfig.appSecret, registration.id);
});

const isUnsafe = (method: string) => !['GET', 'HEAD', 'OPTIONS'].includes(method);
/** A path to call: every parameter a well-formed id that exists nowhere (the checks come before any lookup). */
const pathOf = (url: string) => url.replace(/:[A-Za-z]+/g, () => randomUUID());
const call = (route: RouteRequirement, headers: Record<string, string>) =>
  app().inject({
    method: route.method as 'GET',
    url: pathOf(route.url),
    headers,
    ...(isUnsafe(route.method) && route.method !== 'DELETE' ? { payload: {} } : {}),
  });
const label = (route: RouteRequirement) => `${route.method} ${route.url}`;

describe('the route table', () => {
  it('has every route either public on purpose or declaring its requirement', () => {
    const undeclared = routes
      .filter((route) => route.auth === null && route.url.startsWith('/api'))
      .map(label)
      .filter(
        (name) => !publicRoutes.has(name) && !publicPrefixes.some((prefix) => name.split(' ')[1]!.startsWith(prefix)),
      );
    expect(undeclared).toEqual([]);
  });

  it('includes the sign-in and API-key routes among the protected ones', () => {
    const names = protectedRoutes.map(label);
    for (const name of [
      'GET /api/v1/auth/session',
      'POST /api/v1/auth/logout',
      'POST /api/v1/auth/logout-all',
      'GET /api/v1/auth/sessions',
      'DELETE /api/v1/auth/sessions/:id',
      'POST /api/v1/auth/password',
      'POST /api/v1/auth/totp/setup',
      'POST /api/v1/auth/totp/enable',
      'POST /api/v1/auth/totp/disable',
      'POST /api/v1/api-keys',
      'GET /api/v1/api-keys',
      'DELETE /api/v1/api-keys/:id',
    ]) {
      expect(names).toContain(name);
    }
  });

  it('refuses anonymous callers with 401 unauthenticated', async () => {
    for (const route of protectedRoutes) {
      const response = await call(route, {});
      expect(response.statusCode, label(route)).toBe(401);
      expect(response.json().code, label(route)).toBe('unauthenticated');
      expect(response.headers['content-type'], label(route)).toContain('application/problem+json');
      expect(response.headers['www-authenticate'], label(route)).toMatch(/^Bearer /);
    }
  });

  it('refuses a registrant’s manage token with 401', async () => {
    for (const route of protectedRoutes) {
      const response = await call(route, { 'x-registration-token': registrationToken });
      expect(response.statusCode, label(route)).toBe(401);
    }
  });

  it('refuses a made-up or malformed bearer token with 401', async () => {
    for (const route of protectedRoutes) {
      expect((await call(route, bearer(`bok_${'x'.repeat(43)}`))).statusCode, label(route)).toBe(401);
      expect((await call(route, { authorization: 'Basic Zm9vOmJhcg==' })).statusCode, label(route)).toBe(401);
    }
  });

  it('refuses an API key without the route’s scope with 403 naming the scope, and lets one with it in', async () => {
    for (const route of protectedRoutes) {
      const { auth } = route;
      if (!('scope' in auth)) continue;
      const without = await createApiKey(
        db(),
        apiScopes.filter((scope) => scope !== auth.scope),
      );
      const refused = await call(route, bearer(without.key));
      expect(refused.statusCode, label(route)).toBe(403);
      expect(refused.json(), label(route)).toMatchObject({ code: 'forbidden', requiredScope: auth.scope });
      expect(refused.json().detail, label(route)).toContain(auth.scope);

      const withScope = await createApiKey(db(), [auth.scope]);
      const accepted = await call(route, bearer(withScope.key));
      expect([401, 403], `${label(route)}: ${accepted.body}`).not.toContain(accepted.statusCode);
    }
  });

  it('refuses every API key on session-only routes with 403', async () => {
    const everything = await createApiKey(db(), apiScopes);
    for (const route of protectedRoutes) {
      if (!('session' in route.auth)) continue;
      const response = await call(route, bearer(everything.key));
      expect(response.statusCode, label(route)).toBe(403);
      expect(response.json().code, label(route)).toBe('forbidden');
    }
  });

  it('lets a coordinator session in, with the CSRF token on unsafe methods (403 csrf_failed without)', async () => {
    const coordinator = await createCoordinator(db());
    for (const route of protectedRoutes) {
      // A fresh session for each: some of these routes end the session they are called with.
      const browser = await signIn(app(), coordinator);
      if (isUnsafe(route.method)) {
        const withoutToken = await call(route, asBrowser(browser, { csrf: false }));
        expect(withoutToken.statusCode, label(route)).toBe(403);
        expect(withoutToken.json().code, label(route)).toBe('csrf_failed');
      }
      const accepted = await call(route, asBrowser(browser));
      expect([401, 403], `${label(route)}: ${accepted.body}`).not.toContain(accepted.statusCode);
    }
  });

  it('documents each protected operation’s security in the OpenAPI document', async () => {
    const document = (await app().inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(Object.keys(document.components.securitySchemes).sort()).toEqual(['apiKey', 'csrfToken', 'sessionCookie']);
    for (const route of protectedRoutes) {
      const path = route.url.replace(/:([A-Za-z]+)/g, '{$1}');
      const operation = document.paths[path]?.[route.method.toLowerCase()];
      expect(operation, label(route)).toBeDefined();
      const session = isUnsafe(route.method) ? { sessionCookie: [], csrfToken: [] } : { sessionCookie: [] };
      const expected = 'scope' in route.auth ? [session, { apiKey: [route.auth.scope] }] : [session];
      expect(operation.security, label(route)).toEqual(expected);
      expect(Object.keys(operation.responses), label(route)).toEqual(expect.arrayContaining(['401', '403']));
      expect(operation.description.match(/Needs a coordinator session/g), label(route)).toHaveLength(1);
    }
    // Public operations carry no security requirement.
    expect(document.paths['/api/v1/meetings'].get.security).toBeUndefined();
  });
});
