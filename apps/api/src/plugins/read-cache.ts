import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { type CachedBody, createReadCache, type ReadCache } from '../lib/read-cache';

declare module 'fastify' {
  interface FastifyInstance {
    /** Public answers of this instance; modules that change what they show tell it (see ReadCache). */
    readCache: ReadCache;
  }
}

/** Browsers keep the answer but ask each time; the ETag makes asking cheap (304). */
export const publicCacheControl = 'public, max-age=0, must-revalidate';

export interface PublicRead<T extends Record<string, unknown>> {
  /** What identifies the answer: the path and the parsed query, as one string. */
  key: string;
  load(): Promise<T>;
  /** The meetings whose seats the answer shows. */
  meetings?(value: T): Iterable<string>;
}

/** Whether the client takes `coding` (RFC 9110 §12.5.3): named or `*`, with a q above 0. */
function accepts(header: string | undefined, coding: 'br' | 'gzip'): boolean {
  if (!header) return false;
  let wildcard = false;
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((param) => param.trim()).find((param) => param.startsWith('q='));
    const allowed = q === undefined || Number(q.slice(2)) > 0;
    if (name === coding) return allowed;
    if (name === '*') wildcard = allowed;
  }
  return wildcard;
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  // Weak comparison, as If-None-Match asks for (RFC 9110 §13.1.2).
  const opaque = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === opaque);
}

function send(request: FastifyRequest, reply: FastifyReply, cached: CachedBody) {
  reply.header('etag', cached.etag).header('cache-control', publicCacheControl).header('vary', 'accept-encoding');
  if (matches(request.headers['if-none-match'], cached.etag)) return reply.status(304).send();
  const acceptEncoding = request.headers['accept-encoding'];
  reply.type('application/json; charset=utf-8');
  // Serialised when it was cached: bytes skip the serializer.
  if (cached.br && accepts(acceptEncoding, 'br')) return reply.header('content-encoding', 'br').send(cached.br);
  if (cached.gzip && accepts(acceptEncoding, 'gzip')) return reply.header('content-encoding', 'gzip').send(cached.gzip);
  return reply.send(cached.body);
}

/**
 * Serves public reads from this instance's read cache: ETag and 304, and gzip/br made once per
 * answer rather than per request. Only for answers that are the same for everyone; personal data
 * (registrations, the mailbox) never goes through here.
 */
export const readCachePlugin = fp<{ ttlMs: number }>(
  async (app, options) => {
    app.decorate('readCache', createReadCache({ ttlMs: options.ttlMs }));
  },
  { name: 'read-cache' },
);

/** Answers a public read from the cache, loading (and serialising with the route's schema) on a miss. */
export async function sendPublicRead<T extends Record<string, unknown>>(
  request: FastifyRequest,
  reply: FastifyReply,
  read: PublicRead<T>,
) {
  const cached = await request.server.readCache.get(read.key, async () => {
    const value = await read.load();
    // The route's own serializer for 200 (zod: validates, then JSON): the same bytes as without the cache.
    return { body: reply.serializeInput(value, '200') as string, meetings: read.meetings?.(value) ?? [] };
  });
  return send(request, reply, cached);
}
