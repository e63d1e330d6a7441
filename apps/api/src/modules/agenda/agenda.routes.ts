import {
  agendaMaxItems,
  agendaReplaceSchema,
  agendaTemplateReplaceSchema,
  agendaTemplateSchema,
} from '@bok/shared/agenda';
import { problemSchema } from '@bok/shared/errors';
import { meetingDetailSchema, meetingIdParamsSchema } from '@bok/shared/meetings';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf, contextOf } from '../../plugins/auth';
import { agendaService, agendaTemplateService } from './agenda.service';

export const agendaRoutes: FastifyPluginAsyncZod = async (app) => {
  const agenda = agendaService(app.db, { onMeetingChanged: (meetingId) => app.readCache.meetingChanged(meetingId) });

  app.put(
    '/meetings/:id/agenda',
    {
      config: { auth: { scope: 'meetings:write' } },
      schema: {
        tags: ['meetings'],
        summary: "Replace a meeting's agenda, in the order given",
        description:
          `At most ${agendaMaxItems} items, in one transaction. Each ends after it starts (\`ends_before_starts\`), ` +
          'none begins before the previous one ends (`overlaps`), and all lie within the meeting (`outside_meeting`); ' +
          'each refusal names the item, e.g. `items.2.startsAt`. A held or cancelled meeting keeps its agenda (409).',
        params: meetingIdParamsSchema,
        body: agendaReplaceSchema,
        response: { 200: meetingDetailSchema, 400: problemSchema, 404: problemSchema, 409: problemSchema },
      },
    },
    async (request) => {
      const { ip, now } = contextOf(request);
      return agenda.replace(request.params.id, request.body, actorOf(request), { ip, now });
    },
  );

  const template = agendaTemplateService(app.db);

  app.get(
    '/agenda-template',
    {
      config: { auth: { scope: 'meetings:read' } },
      schema: {
        tags: ['meetings'],
        summary: 'The standing agenda a new meeting starts from',
        description:
          'Each item as minutes after the meeting starts (`offsetMinutes`) and a length (`durationMinutes`), so the ' +
          'template fits any date. `POST /meetings` lays it on the new meeting unless asked for an empty agenda.',
        response: { 200: agendaTemplateSchema },
      },
    },
    () => template.template(),
  );

  app.put(
    '/agenda-template',
    {
      config: { auth: { scope: 'meetings:write' } },
      schema: {
        tags: ['meetings'],
        summary: 'Replace the standing agenda',
        description:
          `At most ${agendaMaxItems} items, in order; none begins before the previous one ends (\`overlaps\`, ` +
          'naming the item, e.g. `items.2.offsetMinutes`). Meetings already made keep their agendas.',
        body: agendaTemplateReplaceSchema,
        response: { 200: agendaTemplateSchema, 400: problemSchema },
      },
    },
    async (request) => {
      const { ip, now } = contextOf(request);
      return template.replaceTemplate(request.body, actorOf(request), { ip, now });
    },
  );
};
