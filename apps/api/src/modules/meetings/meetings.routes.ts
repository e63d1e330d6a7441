import { problemSchema } from '@bok/shared/errors';
import {
  meetingDetailSchema,
  meetingIdParamsSchema,
  meetingListQuerySchema,
  meetingPageSchema,
} from '@bok/shared/meetings';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { meetingsService } from './meetings.service';

export const meetingsRoutes: FastifyPluginAsyncZod = async (app) => {
  const meetings = meetingsService(app.db);

  app.get(
    '/meetings',
    {
      schema: {
        tags: ['meetings'],
        summary: 'List public meetings, upcoming first',
        querystring: meetingListQuerySchema,
        response: { 200: meetingPageSchema, 400: problemSchema },
      },
    },
    async (request) => meetings.list(request.query, new Date()),
  );

  app.get(
    '/meetings/:id',
    {
      schema: {
        tags: ['meetings'],
        summary: 'A meeting with agenda, venue, themes and seats (by id or slug)',
        params: meetingIdParamsSchema,
        response: { 200: meetingDetailSchema, 404: problemSchema },
      },
    },
    async (request) => meetings.get(request.params.id, new Date()),
  );
};
