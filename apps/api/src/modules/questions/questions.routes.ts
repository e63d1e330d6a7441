import { problemSchema } from '@bok/shared/errors';
import { meetingIdParamsSchema } from '@bok/shared/meetings';
import { questionListSchema, questionsReplaceSchema } from '@bok/shared/questions';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf, contextOf } from '../../plugins/auth';
import { questionsService } from './questions.service';

export const questionsRoutes: FastifyPluginAsyncZod = async (app) => {
  const questions = questionsService(app.db, {
    onMeetingChanged: (meetingId) => app.readCache.meetingChanged(meetingId),
  });

  app.get(
    '/meetings/:id/questions',
    {
      config: { auth: { scope: 'meetings:read' } },
      schema: {
        tags: ['questions'],
        summary: "The meeting's own questions, in order (the public meeting shows them too)",
        params: meetingIdParamsSchema,
        response: { 200: questionListSchema, 404: problemSchema },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return questions.list(request.params.id);
    },
  );

  app.put(
    '/meetings/:id/questions',
    {
      config: { auth: { scope: 'meetings:write' } },
      schema: {
        tags: ['questions'],
        summary: "Replace the meeting's questions (short text, long text, one choice, several choices, yes/no)",
        description:
          'An existing question is sent with its `id` and keeps its answers. A change that would lose answers ' +
          'already given (a question left out, its kind changed, a chosen option removed) is refused with 409 ' +
          'saying how many, unless `confirmDroppingAnswers: true`.',
        params: meetingIdParamsSchema,
        body: questionsReplaceSchema,
        response: { 200: questionListSchema, 400: problemSchema, 404: problemSchema, 409: problemSchema },
      },
    },
    async (request) => {
      const { ip, now } = contextOf(request);
      return questions.replace(request.params.id, request.body, actorOf(request), { ip, now });
    },
  );
};
