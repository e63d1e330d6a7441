import { problemSchema } from '@bok/shared/errors';
import { meetingIdParamsSchema } from '@bok/shared/meetings';
import { messageCreateSchema, messageListSchema, messagePreviewSchema, messageSchema } from '@bok/shared/messages';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf, contextOf } from '../../plugins/auth';
import { messagesService } from './messages.service';

export const messagesRoutes: FastifyPluginAsyncZod = async (app) => {
  const messages = messagesService(app.db, app.config);

  app.get(
    '/meetings/:id/messages',
    {
      config: { auth: { scope: 'registrations:read' } },
      schema: {
        tags: ['messages'],
        summary: "The coordinator's messages to the meeting's participants, newest first",
        params: meetingIdParamsSchema,
        response: { 200: messageListSchema, 404: problemSchema },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return messages.list(request.params.id);
    },
  );

  app.post(
    '/meetings/:id/messages/preview',
    {
      config: { auth: { scope: 'registrations:read' } },
      schema: {
        tags: ['messages'],
        summary:
          'How many a message would reach, and the e-mail as a Danish-speaking recipient reads it; nothing is sent',
        params: meetingIdParamsSchema,
        body: messageCreateSchema,
        response: { 200: messagePreviewSchema, 400: problemSchema, 404: problemSchema },
      },
    },
    async (request) => messages.preview(request.params.id, request.body),
  );

  app.post(
    '/meetings/:id/messages',
    {
      config: { auth: { scope: 'registrations:write' } },
      schema: {
        tags: ['messages'],
        summary: 'Write to the seats, the waitlist or those who checked in: one e-mail each, in their language',
        description:
          'The e-mails are written to the outbox with the message, in one transaction; each recipient gets the ' +
          'message once. A group with nobody in it is refused (409), so is a draft meeting.',
        params: meetingIdParamsSchema,
        body: messageCreateSchema,
        response: { 201: messageSchema, 400: problemSchema, 404: problemSchema, 409: problemSchema },
      },
    },
    async (request, reply) => {
      const { ip, now } = contextOf(request);
      const sent = await messages.send(request.params.id, request.body, actorOf(request), { ip, now });
      return reply.status(201).send(sent);
    },
  );
};
