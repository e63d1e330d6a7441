import type { ApiScope } from '@bok/shared/api-keys';
import { csrfTokenHeader } from '@bok/shared/auth';
import { problemSchema } from '@bok/shared/errors';
import cookie from '@fastify/cookie';
import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../lib/app-error';
import { type Actor, type ApiKeyCaller, allScopes, apiKeysService } from '../modules/api-keys/api-keys.service';
import { authService, type RequestContext, type SignedIn } from '../modules/auth/auth.service';
import { secretsEqual } from '../modules/auth/auth.tokens';

/**
 * What a route asks of its caller, declared in its options: `config: { auth: { scope: 'meetings:write' } }`
 * lets in a coordinator's session or an API key with that scope; `{ session: true }` only a
 * signed-in coordinator (their own sessions, password, two-factor settings). Routes without it are
 * public, and credentials sent to them are not even looked at.
 */
export type AuthRequirement = { scope: ApiScope } | { session: true };

export interface RouteRequirement {
  method: string;
  url: string;
  auth: AuthRequirement | null;
}

/** Who is calling, resolved once per request (on routes that declare a requirement). */
export type Caller =
  | { kind: 'anonymous' }
  | { kind: 'session'; signedIn: SignedIn }
  | { kind: 'api_key'; apiKey: ApiKeyCaller };

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: AuthRequirement;
  }
  interface FastifyRequest {
    caller: Caller;
  }
  interface FastifyInstance {
    /** Now, as the app sees it: tests move it to check timeouts and expiries. */
    clock: () => Date;
    /** Every route with what it asks of its caller (null: public), for the route-table test and audits. */
    routeRequirements: RouteRequirement[];
  }
}

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** RFC 9110: a 401 names how to authenticate. */
const challenge = { 'www-authenticate': 'Bearer realm="BoK Møder"' };
const unauthenticated = (message: string) => new AppError('unauthenticated', message, { headers: challenge });

/** Names of the OpenAPI security schemes (openapi.ts declares them). */
export const securitySchemeNames = { session: 'sessionCookie', csrf: 'csrfToken', apiKey: 'apiKey' } as const;

/**
 * The session cookie. Over https it is `__Host-` prefixed, which browsers accept only with Secure,
 * Path=/ and no Domain: no other site or subdomain can set or shadow it. Plain http (a laptop demo,
 * a LAN) cannot have Secure, so it goes without the prefix there.
 */
export function sessionCookieName(publicUrl: string): string {
  return publicUrl.startsWith('https:') ? '__Host-bok_session' : 'bok_session';
}

/** The caller's request facts for services: address, browser, and the app's clock. */
export function contextOf(request: FastifyRequest): RequestContext {
  const userAgent = request.headers['user-agent'];
  return {
    ip: request.ip ?? null,
    userAgent: typeof userAgent === 'string' ? userAgent : null,
    now: request.server.clock(),
  };
}

/** The signed-in coordinator of a `{ session: true }` route. */
export function signedInOf(request: FastifyRequest): SignedIn {
  if (request.caller.kind !== 'session') throw unauthenticated('Sign in first.');
  return request.caller.signedIn;
}

/** Who acts, for the audit log and for rules that depend on the caller's scopes. */
export function actorOf(request: FastifyRequest): Actor {
  const caller = request.caller;
  if (caller.kind === 'session') return { type: 'coordinator', id: caller.signedIn.coordinator.id, scopes: allScopes };
  if (caller.kind === 'api_key') return { type: 'api_key', id: caller.apiKey.id, scopes: caller.apiKey.scopes };
  throw unauthenticated('Sign in or send an API key.');
}

/** Adds each protected operation's security requirement and its 401/403 answers to the OpenAPI document. */
function documentRequirement(route: RouteOptions) {
  const requirement = route.config?.auth;
  if (!requirement) return;
  const methods = [route.method].flat();
  const unsafe = methods.some((method) => unsafeMethods.has(method));
  const session: Record<string, string[]> = unsafe
    ? { [securitySchemeNames.session]: [], [securitySchemeNames.csrf]: [] }
    : { [securitySchemeNames.session]: [] };
  const security =
    'scope' in requirement ? [session, { [securitySchemeNames.apiKey]: [requirement.scope] }] : [session];
  const needs =
    'scope' in requirement
      ? `Needs a coordinator session${unsafe ? ' (with X-CSRF-Token)' : ''} or an API key with the scope \`${requirement.scope}\`.`
      : `Needs a coordinator session${unsafe ? ' (with X-CSRF-Token)' : ''}; API keys are refused.`;
  // A new object: Fastify hands the GET's schema to its HEAD route too, and it must not be added to twice.
  const schema = (route.schema ?? {}) as NonNullable<RouteOptions['schema']> & {
    description?: string;
    response?: Record<string, unknown>;
  };
  route.schema = {
    ...schema,
    security,
    description: schema.description ? `${schema.description} ${needs}` : needs,
    response: {
      ...schema.response,
      401: problemSchema.meta({ description: 'No valid session or API key (`unauthenticated`).' }),
      403: problemSchema.meta({
        description:
          'An API key without the scope, named in `requiredScope` (`forbidden`); or, with a session, a missing or wrong X-CSRF-Token (`csrf_failed`).',
      }),
    },
  } as RouteOptions['schema'];
}

/**
 * Resolves the caller of every protected route once, before its body is read, and enforces the
 * route's requirement: anonymous → 401 `unauthenticated`; an API key without the scope → 403
 * `forbidden` naming it; a session → every scope, but each POST/PUT/PATCH/DELETE must carry the
 * session's X-CSRF-Token (403 `csrf_failed`). `Authorization: Bearer <key>` needs no CSRF token:
 * a cross-site page cannot make a browser send that header. See docs/decisions/0008-coordinator-sign-in.md.
 */
export const authPlugin = fp<{ now?: () => Date }>(
  async (app, options) => {
    app.decorate('clock', options.now ?? (() => new Date()));
    // Set by the onRequest hook below for every request; null only until then.
    app.decorateRequest('caller', null as never);
    await app.register(cookie);

    const auth = authService(app.db, app.config);
    const apiKeys = apiKeysService(app.db);
    const cookieName = sessionCookieName(app.config.publicUrl);

    app.decorate('routeRequirements', []);
    app.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) {
        app.routeRequirements.push({ method, url: route.url, auth: route.config?.auth ?? null });
      }
      documentRequirement(route);
    });

    async function resolve(request: FastifyRequest, reply: FastifyReply): Promise<Caller> {
      const authorization = request.headers.authorization;
      const now = app.clock();
      if (authorization !== undefined) {
        const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
        const apiKey = match ? await apiKeys.authenticate(match[1]!, now) : null;
        if (!apiKey) throw unauthenticated('The API key is not valid (unknown, revoked or malformed).');
        return { kind: 'api_key', apiKey };
      }
      const token = request.cookies[cookieName];
      if (!token) return { kind: 'anonymous' };
      const signedIn = await auth.resolveSession(token, now);
      if (!signedIn) {
        clearSessionCookie(reply, cookieName);
        throw unauthenticated('The session has ended; sign in again.');
      }
      return { kind: 'session', signedIn };
    }

    app.addHook('onRequest', async (request, reply) => {
      request.caller = { kind: 'anonymous' };
      const requirement = request.routeOptions.config.auth;
      if (!requirement) return;
      const caller = await resolve(request, reply);
      request.caller = caller;
      if (caller.kind === 'anonymous') {
        throw unauthenticated('Sign in, or send an API key as `Authorization: Bearer <key>`.');
      }
      if (caller.kind === 'api_key') {
        if (!('scope' in requirement)) {
          throw new AppError('forbidden', 'This needs a signed-in coordinator; API keys cannot use it.');
        }
        if (!caller.apiKey.scopes.includes(requirement.scope)) {
          throw new AppError('forbidden', `The API key lacks the scope ${requirement.scope}.`, {
            requiredScope: requirement.scope,
          });
        }
        return;
      }
      if (unsafeMethods.has(request.method)) {
        const presented = request.headers[csrfTokenHeader];
        if (typeof presented !== 'string' || !secretsEqual(presented, caller.signedIn.csrfToken)) {
          throw new AppError('csrf_failed', `Send the session's CSRF token in the ${csrfTokenHeader} header.`);
        }
      }
    });
  },
  { name: 'auth', dependencies: ['database'] },
);

export function setSessionCookie(reply: FastifyReply, name: string, token: string, expiresAt: Date) {
  reply.setCookie(name, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: name.startsWith('__Host-'),
    expires: expiresAt,
  });
}

export function clearSessionCookie(reply: FastifyReply, name: string) {
  reply.clearCookie(name, { path: '/', httpOnly: true, sameSite: 'lax', secure: name.startsWith('__Host-') });
}
