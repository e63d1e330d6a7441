import fp from 'fastify-plugin';
import { AppError } from '../lib/app-error';

/** Seconds a client is asked to wait while the server restarts (another instance may answer at once). */
const retryAfterSeconds = 5;

/**
 * While the app closes (SIGTERM), a request that still arrives on a connection already open is
 * answered like every other unavailability: 503 problem+json with Retry-After, and the connection
 * closed. Fastify's own answer to it (return503OnClosing, turned off in app.ts) is plain JSON
 * without Retry-After. Requests already in flight are not affected: they finish.
 */
export const closingPlugin = fp(
  async (app) => {
    let closing = false;
    app.addHook('preClose', async () => {
      closing = true;
    });
    app.addHook('onRequest', async (_request, reply) => {
      if (!closing) return;
      reply.header('connection', 'close');
      throw new AppError('service_unavailable', 'The server is restarting; try again in a moment.', {
        headers: { 'retry-after': String(retryAfterSeconds) },
      });
    });
  },
  { name: 'closing', dependencies: ['errors'] },
);
