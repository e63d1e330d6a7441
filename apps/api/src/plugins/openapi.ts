import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { securitySchemeNames } from './auth';

/** The OpenAPI 3.1 document, generated from the shared zod schemas the routes declare. */
export const openapiPlugin = fp(
  async (app) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'BoK Møder API',
          version: '1.0.0',
          description:
            'Meetings, registrations, themes and member libraries of BoK – Netværk for Brugeroplevet Kvalitet. ' +
            'Errors are application/problem+json (RFC 9457) with an error `code` and the failing `errors[].field`.',
        },
        components: {
          securitySchemes: {
            [securitySchemeNames.session]: {
              type: 'apiKey',
              in: 'cookie',
              name: '__Host-bok_session',
              description:
                'The coordinator session cookie set by POST /api/v1/auth/login (HttpOnly, SameSite=Lax; ' +
                '`bok_session` when the app is served over plain http). Idle and absolute timeouts apply.',
            },
            [securitySchemeNames.csrf]: {
              type: 'apiKey',
              in: 'header',
              name: 'X-CSRF-Token',
              description:
                'With the session cookie, every POST/PUT/PATCH/DELETE carries the `csrfToken` answered by ' +
                'sign-in and GET /api/v1/auth/session; without it: 403 `csrf_failed`.',
            },
            [securitySchemeNames.apiKey]: {
              type: 'http',
              scheme: 'bearer',
              bearerFormat: 'bok_…',
              description:
                'An API key (`Authorization: Bearer bok_…`). Each operation names the scope it needs; ' +
                'a key without it gets 403 `forbidden` with `requiredScope`. No CSRF token is needed.',
            },
          },
        },
        tags: [
          { name: 'auth', description: 'Coordinator sign-in, sessions, password and two-factor sign-in' },
          { name: 'api-keys', description: 'API keys for other tools' },
          { name: 'network', description: 'The network and its public page' },
          { name: 'meetings', description: 'Meetings, agendas and seats' },
          { name: 'registrations', description: 'Signing up for meetings' },
          { name: 'themes', description: 'Themes the network works with' },
          { name: 'libraries', description: 'Member libraries' },
          { name: 'calendar', description: 'iCalendar files and feeds' },
          { name: 'development', description: 'Development mailbox (only without SMTP, never in production)' },
          { name: 'system', description: 'Health' },
        ],
      },
      transform: jsonSchemaTransform,
      transformObject: jsonSchemaTransformObject,
    });
    await app.register(swaggerUi, {
      routePrefix: '/api/docs',
      // Swagger UI injects its styles inline; only its own pages get that allowance. Its default
      // policy also upgrades requests to https, which breaks the docs over plain HTTP on a LAN host:
      // dropped, as in the app's own policy (app.ts).
      staticCSP: true,
      transformStaticCSP: (header) =>
        header
          .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
          .replace(/\s*upgrade-insecure-requests;?/, '')
          .trim(),
    });
    app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  },
  { name: 'openapi' },
);
