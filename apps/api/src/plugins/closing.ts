import fp from 'fastify-plugin';
import { AppError } from '../lib/app-error';

/** Seconds a client is asked to wait while the server restarts (another instance may answer at once). */
const retryAfterSeconds = 5;

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Begins a graceful stop (SIGTERM from a process manager): for `ms` the app goes on answering
     * every request, each with `Connection: close`, while /api/health says it is closing, so a load
     * balancer stops sending it traffic. Only then do the caller's `close()` and its listener go.
     * Without the drain, connections the kernel or Node had accepted but not yet read (a burst's
     * backlog) would be reset: requests the client sent and never got an answer to.
     */
    drain(ms: number): Promise<void>;
    /** Draining or closing: health answers 503. */
    readonly stopping: boolean;
  }
}

/**
 * While the app closes, a request that still arrives on a connection already open is answered like
 * every other unavailability: 503 problem+json with Retry-After, and the connection closed.
 * Fastify's own answer to it (return503OnClosing, turned off in app.ts) is plain JSON without
 * Retry-After. Requests already in flight are not affected: they finish.
 */
export const closingPlugin = fp(
  async (app) => {
    let draining = false;
    let closing = false;
    app.decorate('stopping', {
      getter: () => draining || closing,
    });
    app.decorate('drain', async (ms: number) => {
      draining = true;
      await new Promise((resolve) => setTimeout(resolve, ms));
    });
    app.addHook('preClose', async () => {
      closing = true;
    });
    app.addHook('onRequest', async (_request, reply) => {
      if (draining || closing) reply.header('connection', 'close');
      if (!closing) return;
      throw new AppError('service_unavailable', 'The server is restarting; try again in a moment.', {
        headers: { 'retry-after': String(retryAfterSeconds) },
      });
    });
  },
  { name: 'closing', dependencies: ['errors'] },
);
