import { problemSchema } from '@bok/shared/errors';
import { healthSchema } from '@bok/shared/health';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../lib/app-error';

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/health',
    {
      schema: {
        tags: ['system'],
        summary: 'Up, and the database answers (503 while the database is away or the server is stopping)',
        response: { 200: healthSchema, 503: problemSchema },
      },
    },
    async () => {
      // A load balancer's cue to send traffic elsewhere while this instance stops (plugins/closing.ts).
      if (app.stopping) {
        throw new AppError('service_unavailable', 'The server is stopping.', { headers: { 'retry-after': '5' } });
      }
      try {
        await app.db.$queryRaw`SELECT 1`;
      } catch (error) {
        throw new AppError('service_unavailable', 'The database does not answer.', { cause: error });
      }
      return { status: 'ok' as const };
    },
  );
};
