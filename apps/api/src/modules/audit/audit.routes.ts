import { auditPageSchema, auditQuerySchema } from '@bok/shared/audit';
import { problemSchema } from '@bok/shared/errors';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { auditService } from './audit.service';

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  const audit = auditService(app.db);

  app.get(
    '/audit',
    {
      config: { auth: { scope: 'audit:read' } },
      schema: {
        tags: ['audit'],
        summary: 'Who changed what, when: the audit log, newest first, filtered and paged by cursor',
        description:
          '`meetingId` gives a meeting’s whole history (the meeting, its agenda, its registrations). ' +
          '`action` is one action (`registration.checked_in`) or a prefix ending in a dot (`meeting.`). ' +
          'Names of people and keys are as they are now, not kept in the log.',
        querystring: auditQuerySchema,
        response: { 200: auditPageSchema, 400: problemSchema },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return audit.list(request.query);
    },
  );
};
