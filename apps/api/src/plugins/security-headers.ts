import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * Helmet's security headers on every answer. @fastify/helmet builds Helmet's middleware again for
 * every request (the CSP parsed each time, a few per cent of a cached read's CPU); here it is built
 * once. Routes that need another policy set their own header (Swagger UI does: openapi.ts).
 */
export const securityHeadersPlugin = fp<HelmetOptions>(
  async (app, options) => {
    const setHeaders = helmet(options);
    app.addHook('onRequest', (request, reply, done) => {
      setHeaders(request.raw, reply.raw, (error) => done(error as Error | undefined));
    });
  },
  { name: 'security-headers' },
);
