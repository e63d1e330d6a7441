import { problemSchema } from '@bok/shared/errors';
import { meetingIdParamsSchema } from '@bok/shared/meetings';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { type CalendarDocument, calendarService } from './calendar.service';

const calendarContentType = 'text/calendar; charset=utf-8';

/** Calendar apps poll feeds often: a short shared cache plus ETag revalidation keeps that cheap. */
function sendCalendar(
  request: FastifyRequest,
  reply: FastifyReply,
  document: CalendarDocument,
  disposition: 'inline' | 'attachment',
) {
  reply
    .header('etag', document.etag)
    .header('cache-control', 'public, max-age=300, must-revalidate')
    .header('content-disposition', `${disposition}; filename="${document.filename}"`);
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === document.etag)) {
    return reply.status(304).send();
  }
  return reply.type(calendarContentType).send(document.body);
}

export const calendarRoutes: FastifyPluginAsyncZod = async (app) => {
  const calendars = calendarService(app.db, app.config);

  app.get(
    '/meetings/:id/calendar.ics',
    {
      schema: {
        tags: ['meetings'],
        summary: 'The meeting as an iCalendar file (text/calendar), to add to a calendar; by id or slug',
        params: meetingIdParamsSchema,
        response: { 404: problemSchema },
      },
    },
    async (request, reply) => sendCalendar(request, reply, await calendars.meeting(request.params.id), 'attachment'),
  );

  app.get(
    '/calendar.ics',
    {
      schema: {
        tags: ['meetings'],
        summary: 'A subscribable iCalendar feed of all public meetings; cancelled ones have STATUS:CANCELLED',
      },
    },
    async (request, reply) => sendCalendar(request, reply, await calendars.feed(), 'inline'),
  );
};
