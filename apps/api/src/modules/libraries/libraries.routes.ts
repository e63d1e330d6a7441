import { libraryListSchema } from '@bok/shared/libraries';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sendPublicRead } from '../../plugins/read-cache';
import { librariesService } from './libraries.service';

export const librariesRoutes: FastifyPluginAsyncZod = async (app) => {
  const libraries = librariesService(app.db);
  app.get(
    '/libraries',
    {
      schema: {
        tags: ['libraries'],
        summary: 'Libraries, member libraries first in Danish order',
        response: { 200: libraryListSchema },
      },
    },
    async (request, reply) =>
      sendPublicRead(request, reply, { key: 'libraries', load: async () => ({ items: await libraries.list() }) }),
  );
};
