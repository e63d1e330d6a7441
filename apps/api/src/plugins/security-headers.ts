import type { IncomingMessage, ServerResponse } from 'node:http';
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';

type Headers = ReadonlyArray<readonly [string, string]>;

/** The headers Helmet sets with these options, read once by running its middleware on a stand-in. */
function helmetHeaders(options: HelmetOptions): Headers {
  const headers = new Map<string, string>();
  const response = {
    setHeader: (name: string, value: unknown) => headers.set(name, String(value)),
    removeHeader: (name: string) => headers.delete(name),
  };
  helmet(options)({ headers: {} } as IncomingMessage, response as unknown as ServerResponse, () => {});
  return [...headers];
}

/**
 * JSON answers render nothing: the OWASP REST Security Cheat Sheet's set instead of a page's, half
 * the headers (and bytes) on every API answer, which is most of what a cached public read costs.
 * Nothing may frame them, run in them or read them from another site.
 */
const apiHeaders = (page: Headers): Headers => [
  ['Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'"],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Referrer-Policy', 'no-referrer'],
  ...page.filter(([name]) => name === 'Strict-Transport-Security'),
];

/** JSON routes; Swagger UI under /api/docs is a page. */
const isApiAnswer = (url: string) => url.startsWith('/api/') && !url.startsWith('/api/docs');

/**
 * Helmet's security headers on every page and asset, and a shorter set on JSON answers. Both are
 * worked out once at start: @fastify/helmet builds Helmet's middleware again for every request
 * (the CSP parsed each time, a few per cent of a cached read's CPU). Routes that need another
 * policy set their own header (Swagger UI does: openapi.ts).
 */
export const securityHeadersPlugin = fp<HelmetOptions>(
  async (app, options) => {
    const page = helmetHeaders(options);
    const api = apiHeaders(page);
    app.addHook('onRequest', (request, reply, done) => {
      for (const [name, value] of isApiAnswer(request.url) ? api : page) reply.raw.setHeader(name, value);
      done();
    });
  },
  { name: 'security-headers' },
);
