import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { notFoundHandler } from './errors';

/**
 * Serves the built web app on the API's port: hashed assets cached for a year, index.html
 * never cached. Client routes get index.html from `spaFallbackHandler`. Text files are sent as
 * the brotli or gzip copies the build wrote beside them (`Vary: Accept-Encoding`), so nothing is
 * compressed per request.
 */
export const webPlugin = fp<{ root: string }>(
  async (app, { root }) => {
    if (!existsSync(join(root, 'index.html'))) {
      app.log.warn({ root }, 'web app not built: serving the API only');
      return;
    }
    await app.register(fastifyStatic, {
      root,
      wildcard: false,
      index: false,
      preCompressed: true,
      setHeaders(res, path) {
        if (path.includes('/assets/')) res.header('cache-control', 'public, max-age=31536000, immutable');
        else res.header('cache-control', 'no-cache');
      },
    });
  },
  { name: 'web', dependencies: ['errors'] },
);

/** Not-found handler when the web app is served: client routes (GET, not /api, not an asset) get index.html. */
export function spaFallbackHandler(request: FastifyRequest, reply: FastifyReply) {
  const path = request.url.split('?')[0] ?? '/';
  const isPage = (request.method === 'GET' || request.method === 'HEAD') && !path.startsWith('/api');
  // A missing hashed asset is a real 404, not a page.
  if (isPage && !path.startsWith('/assets/')) {
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  }
  return notFoundHandler(request, reply);
}
