import { problemSchema } from '@bok/shared/errors';
import {
  meetingDetailSchema,
  meetingIdParamsSchema,
  meetingListQuerySchema,
  meetingPageSchema,
  meetingUpdateSchema,
} from '@bok/shared/meetings';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf, contextOf } from '../../plugins/auth';
import { sendPublicRead } from '../../plugins/read-cache';
import { meetingsService } from './meetings.service';
import { meetingsWriteService } from './meetings.write';

export const meetingsRoutes: FastifyPluginAsyncZod = async (app) => {
  const meetings = meetingsService(app.db);
  const meetingsWrite = meetingsWriteService(app.db, {
    onMeetingChanged: (meetingId) => app.readCache.meetingChanged(meetingId),
  });

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

  app.patch(
    '/meetings/:id',
    {
      config: { auth: { scope: 'meetings:write' } },
      schema: {
        tags: ['meetings'],
        summary: "Change a meeting's registration settings (by id or slug; drafts too)",
        description:
          'Only the fields sent change. `capacity` may change at any time: raised, the new seats go to the ' +
          'waitlist in order at once; below the seats already taken it is refused (409, field `capacity`, ' +
          'code `below_confirmed`, the detail saying how many). `confirmationRequired` holds a new ' +
          "registration's place for `holdMinutes` until the registrant confirms from the e-mail; unconfirmed, " +
          'it goes on to the next in line. `seatsPerLibrary` caps the seats one library may take (by listed ' +
          'library, or the same free-text name); a lower cap takes no seat from anyone. A field that cannot ' +
          'be changed here is refused (400, `not_editable`). The change is in the audit log, before and after.',
        params: meetingIdParamsSchema,
        body: meetingUpdateSchema,
        response: { 200: meetingDetailSchema, 400: problemSchema, 404: problemSchema, 409: problemSchema },
      },
    },
    async (request) => {
      const { ip, now } = contextOf(request);
      return meetingsWrite.updateSettings(request.params.id, request.body, actorOf(request), { ip, now });
    },
  );
};
