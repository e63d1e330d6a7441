import Fastify, { type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Database } from './db/prisma';
import { type AppConfig, defaultServerTimeouts, type ServerTimeouts } from './lib/config';
import { OneLinePerRequest } from './lib/request-log';
import { agendaRoutes } from './modules/agenda/agenda.routes';
import { apiKeysRoutes } from './modules/api-keys/api-keys.routes';
import { auditRoutes } from './modules/audit/audit.routes';
import { authRoutes } from './modules/auth/auth.routes';
import { calendarRoutes } from './modules/calendar/calendar.routes';
import { devMailboxRoutes } from './modules/emails/emails.routes';
import { healthRoutes } from './modules/health/health.routes';
import { librariesRoutes } from './modules/libraries/libraries.routes';
import { meetingsRoutes } from './modules/meetings/meetings.routes';
import { messagesRoutes } from './modules/messages/messages.routes';
import { networkRoutes } from './modules/network/network.routes';
import { questionsRoutes } from './modules/questions/questions.routes';
import { participantsRoutes } from './modules/registrations/participants.routes';
import { registrationsRoutes } from './modules/registrations/registrations.routes';
import { themesRoutes } from './modules/themes/themes.routes';
import { authPlugin } from './plugins/auth';
import { closingPlugin } from './plugins/closing';
import { databasePlugin } from './plugins/database';
import {
  clientErrorHandler,
  errorsPlugin,
  expectationFailedHandler,
  frameworkErrorHandler,
  notFoundHandler,
} from './plugins/errors';
import { openapiPlugin } from './plugins/openapi';
import { readCachePlugin } from './plugins/read-cache';
import { securityHeadersPlugin } from './plugins/security-headers';
import { spaFallbackHandler, webPlugin } from './plugins/web';

/**
 * Connections the kernel queues for the app to accept. A popular meeting opening to the whole
 * region is a burst of new connections; past Node's default of 511 the kernel drops them and the
 * clients try again only a second later. The kernel caps it at net.core.somaxconn.
 */
export const listenBacklog = 4096;

export interface AppOptions {
  prisma: Database;
  config: AppConfig;
  /** The built web app to serve at /, when given. */
  webRoot?: string;
  logger?: FastifyServerOptions['logger'];
  /** Fastify's trustProxy: false, true, or the proxies' addresses/CIDRs. */
  trustProxy?: boolean | string;
  /** How long the server waits for clients once it listens (env: REQUEST_TIMEOUT_MS, …). */
  timeouts?: ServerTimeouts;
  /** The clock for sessions, tokens and throttles; tests move it. */
  now?: () => Date;
}

/** Builds the app as a plugin tree; never listens (server.ts does, tests inject). */
export async function buildApp(options: AppOptions) {
  const timeouts = options.timeouts ?? defaultServerTimeouts;
  const app = Fastify({
    logger: options.logger ?? false,
    logController: new OneLinePerRequest(),
    requestTimeout: timeouts.requestMs,
    connectionTimeout: timeouts.connectionMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    http: {
      headersTimeout: timeouts.headersMs,
      // Node checks the request and headers timeouts only this often (default every 30 s).
      connectionsCheckingInterval: Math.min(1_000, Math.ceil(timeouts.headersMs / 4)),
      // Node's own answer is an empty 400; errors.ts refuses it as problem+json.
      requireHostHeader: false,
    },
    // Every error leaves as problem+json, those from before a route or a request exists too.
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler,
    trustProxy: (options.trustProxy ?? false) as FastifyServerOptions['trustProxy'],
    bodyLimit: 64 * 1024,
    // Ids in paths and query strings are short; anything long is abuse.
    routerOptions: { maxParamLength: 200 },
    // Requests arriving while the app closes are answered by closingPlugin, as problem+json.
    return503OnClosing: false,
  }).withTypeProvider<ZodTypeProvider>();

  app.server.on('checkExpectation', expectationFailedHandler);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(errorsPlugin);
  await app.register(closingPlugin);
  await app.register(securityHeadersPlugin, {
    // The SPA loads only its own scripts and styles (Swagger UI relaxes styles for itself: openapi.ts).
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        // Served over plain HTTP on a LAN too: don't rewrite requests to https.
        upgradeInsecureRequests: null,
      },
    },
  });
  await app.register(databasePlugin, { prisma: options.prisma, config: options.config });
  // Before any route: its onRoute hook documents each route's security requirement.
  await app.register(authPlugin, options.now ? { now: options.now } : {});
  await app.register(openapiPlugin);
  await app.register(readCachePlugin, { ttlMs: options.config.readCacheTtlMs });

  await app.register(healthRoutes, { prefix: '/api' });
  await app.register(
    async (v1) => {
      await v1.register(networkRoutes);
      await v1.register(meetingsRoutes);
      await v1.register(agendaRoutes);
      await v1.register(questionsRoutes);
      await v1.register(calendarRoutes);
      await v1.register(registrationsRoutes);
      await v1.register(participantsRoutes);
      await v1.register(messagesRoutes);
      await v1.register(themesRoutes);
      await v1.register(librariesRoutes);
      await v1.register(authRoutes);
      await v1.register(apiKeysRoutes);
      await v1.register(auditRoutes);
    },
    { prefix: '/api/v1' },
  );
  // Shows every e-mail (manage links too): only when nothing is really sent and not in production.
  if (options.config.devMailbox) await app.register(devMailboxRoutes, { prefix: '/api/dev' });

  if (options.webRoot) await app.register(webPlugin, { root: options.webRoot });
  app.setNotFoundHandler(app.hasReplyDecorator('sendFile') ? spaFallbackHandler : notFoundHandler);
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
