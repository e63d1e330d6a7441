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
        summary: 'Up, and the database answers',
        response: { 200: healthSchema, 503: problemSchema },
      },
    },
    async () => {
      try {
        await app.db.$queryRaw`SELECT 1`;
      } catch (error) {
        throw new AppError('service_unavailable', 'The database does not answer.', { cause: error });
      }
      return { status: 'ok' as const };
    },
  );
};
