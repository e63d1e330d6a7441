import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Database } from '../../db/prisma';
import { rateLimitsRepository } from './rate-limits.repository';

/** What @fastify/rate-limit passes to `child`: the merged options, with the route they are for. */
interface ChildOptions {
  routeInfo?: { method?: string | string[]; url?: string };
}

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/**
 * A store for @fastify/rate-limit that counts in PostgreSQL, so every app instance behind a load
 * balancer shares one limit (the plugin's own store counts per process).
 *
 * One statement per request, except in a burst: while a client's statement is in flight, its
 * further requests wait and are counted together by the next one (`count + n`), each getting its
 * own count in arrival order. Counts stay exact across instances, and a thousand requests from one
 * address at once are a few statements instead of a thousand waiting in turn for one row's lock
 * (and holding pool connections the registrations need meanwhile).
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
    /** Requests waiting for the next statement, by client. */
    private readonly waiting = new Map<string, Callback[]>();
    /** Clients with a statement in flight. */
    private readonly inFlight = new Set<string>();

    constructor(
      _options?: unknown,
      private readonly bucket = 'global',
    ) {}

    incr(key: string, callback: Callback, timeWindow: number) {
      const waiting = this.waiting.get(key);
      if (waiting) waiting.push(callback);
      else this.waiting.set(key, [callback]);
      if (!this.inFlight.has(key)) this.flush(key, timeWindow);
    }

    private flush(key: string, timeWindow: number) {
      const callbacks = this.waiting.get(key);
      if (!callbacks) return;
      this.waiting.delete(key);
      this.inFlight.add(key);
      repository
        .increment(this.bucket, key, timeWindow, callbacks.length)
        .then(
          ({ count, ttlMs }) => {
            const first = count - callbacks.length + 1;
            for (const [index, callback] of callbacks.entries()) callback(null, { current: first + index, ttl: ttlMs });
          },
          (error: Error) => {
            for (const callback of callbacks) callback(error);
          },
        )
        .finally(() => {
          this.inFlight.delete(key);
          this.flush(key, timeWindow);
        });
    }

    child(routeOptions: unknown): FastifyRateLimitStore {
      const route = (routeOptions as ChildOptions).routeInfo;
      const method = [route?.method ?? []].flat().join(',');
      return new PostgresRateLimitStore(undefined, route?.url ? `${method} ${route.url}`.trim() : this.bucket);
    }
  }
  return PostgresRateLimitStore;
}
