import { problemSchema } from '@bok/shared/errors';
import {
  meetingDetailSchema,
  meetingIdParamsSchema,
  meetingListQuerySchema,
  meetingPageSchema,
} from '@bok/shared/meetings';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sendPublicRead } from '../../plugins/read-cache';
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
    async (request, reply) =>
      sendPublicRead(request, reply, {
        // The parsed query: its keys come out in the schema's order, so equal queries are equal keys.
        key: `meetings ${JSON.stringify(request.query)}`,
        load: () => meetings.list(request.query, new Date()),
        meetings: (page) => page.items.map((meeting) => meeting.id),
      }),
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
    async (request, reply) =>
      sendPublicRead(request, reply, {
        key: `meeting ${request.params.id}`,
        load: () => meetings.get(request.params.id, new Date()),
        meetings: (meeting) => [meeting.id],
      }),
  );
};
