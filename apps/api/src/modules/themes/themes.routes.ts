import { themeListSchema } from '@bok/shared/themes';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sendPublicRead } from '../../plugins/read-cache';
import { themesService } from './themes.service';

export const themesRoutes: FastifyPluginAsyncZod = async (app) => {
  const themes = themesService(app.db);
  app.get(
    '/themes',
    { schema: { tags: ['themes'], summary: "The network's active themes", response: { 200: themeListSchema } } },
    async (request, reply) =>
      sendPublicRead(request, reply, { key: 'themes', load: async () => ({ items: await themes.listActive() }) }),
  );
};
