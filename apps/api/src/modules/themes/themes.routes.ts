import { themeListSchema } from '@bok/shared/themes';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { themesService } from './themes.service';

export const themesRoutes: FastifyPluginAsyncZod = async (app) => {
  const themes = themesService(app.db);
  app.get(
    '/themes',
    { schema: { tags: ['themes'], summary: "The network's active themes", response: { 200: themeListSchema } } },
    async () => ({ items: await themes.listActive() }),
  );
};
