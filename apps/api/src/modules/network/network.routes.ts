import { problemSchema } from '@bok/shared/errors';
import { networkSchema } from '@bok/shared/network';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sendPublicRead } from '../../plugins/read-cache';
import { networkService } from './network.service';

export const networkRoutes: FastifyPluginAsyncZod = async (app) => {
  const network = networkService(app.db);
  app.get(
    '/network',
    {
      schema: {
        tags: ['network'],
        summary: 'The network: texts, themes, commitments, coordinator, upcoming meetings, followers by library',
        response: { 200: networkSchema, 404: problemSchema },
      },
    },
    async (request, reply) =>
      sendPublicRead(request, reply, {
        key: 'network',
        load: () => network.getPublicPage(new Date()),
        meetings: (page) => page.upcomingMeetings.map((meeting) => meeting.id),
      }),
  );
};
