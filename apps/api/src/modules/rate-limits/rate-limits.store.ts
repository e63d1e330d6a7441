import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Database } from '../../db/prisma';
import { rateLimitsRepository } from './rate-limits.repository';

/** What @fastify/rate-limit passes to `child`: the merged options, with the route they are for. */
interface ChildOptions {
  routeInfo?: { method?: string | string[]; url?: string };
}

/**
 * A store for @fastify/rate-limit that counts in PostgreSQL, so every app instance behind a load
 * balancer shares one limit (the plugin's own store counts per process). One statement per request.
 *
 * Each limited route counts in a bucket of its own, as the plugin's memory store does. A failed
 * query is handed to the plugin as an error: the database being away then reaches the error
 * handler and is answered 503 with Retry-After, like every other outage. Failing open would only
 * delay that answer, since a registration needs the database anyway.
 * `continueExceeding` and `exponentialBackoff` are not supported.
 */
export function postgresRateLimitStore(db: Database): FastifyRateLimitStoreCtor {
  const repository = rateLimitsRepository(db);

  class PostgresRateLimitStore implements FastifyRateLimitStore {
    constructor(
      _options?: unknown,
      private readonly bucket = 'global',
    ) {}

    incr(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
      timeWindow: number,
    ) {
      repository.increment(this.bucket, key, timeWindow).then(
        ({ count, ttlMs }) => callback(null, { current: count, ttl: ttlMs }),
        (error: Error) => callback(error),
      );
    }

    child(routeOptions: unknown): FastifyRateLimitStore {
      const route = (routeOptions as ChildOptions).routeInfo;
      const method = [route?.method ?? []].flat().join(',');
      return new PostgresRateLimitStore(undefined, route?.url ? `${method} ${route.url}`.trim() : this.bucket);
    }
  }
  return PostgresRateLimitStore;
}
