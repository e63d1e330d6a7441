import { problemSchema } from '@bok/shared/errors';
import {
  coordinatorMeetingListQuerySchema,
  meetingCreateSchema,
  meetingDetailSchema,
  meetingDuplicateSchema,
  meetingIdParamsSchema,
  meetingListQuerySchema,
  meetingPageSchema,
  meetingStatusChangeSchema,
  meetingTransitions,
  meetingUpdateSchema,
} from '@bok/shared/meetings';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
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
        summary: 'Change a meeting (by id or slug; drafts too)',
        description:
          'Only the fields sent change. A new time, venue or title, once the meeting is public, sends everyone ' +
          'registered an updated invitation (the iCalendar SEQUENCE goes up); a held or cancelled meeting ' +
          'cannot be changed (409). `capacity` may change at any time: raised, the new seats go to the ' +
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
      return meetingsWrite.update(request.params.id, request.body, actorOf(request), { ip, now });
    },
  );

  app.post(
    '/meetings',
    {
      config: { auth: { scope: 'meetings:write' } },
      schema: {
        tags: ['meetings'],
        summary: 'Create a meeting: a draft, seen by coordinators only until it is announced or opened',
        description:
          'The address (`slug`) is made from the title unless given (`-2`, `-3` … when the title was used ' +
          'before); a slug given and taken is a 409 naming `slug`.',
        body: meetingCreateSchema,
        response: { 201: meetingDetailSchema, 400: problemSchema, 409: problemSchema },
      },
    },
    async (request, reply) => {
      const { ip, now } = contextOf(request);
      reply.status(201);
      return meetingsWrite.create(request.body, actorOf(request), { ip, now });
    },
  );

  const transitions = Object.entries(meetingTransitions)
    .map(([from, to]) => `${from} → ${to.length ? to.join(', ') : '(final)'}`)
    .join('; ');
  app.post(
    '/meetings/:id/status',
    {
      config: { auth: { scope: 'meetings:write' } },
      schema: {
        tags: ['meetings'],
        summary: 'Move a meeting through its life: announce, open, close, mark held, cancel',
        description:
          `Allowed: ${transitions}. Announced is "save the date" (public, no registration). Held only once ` +
          'the meeting has begun; open or announced not after it has ended. Cancelling (with an optional ' +
          '`reason`, told to registrants) e-mails everyone registered, with a calendar CANCEL for those with ' +
          'a seat, and ends their registrations. Another move is a 409 saying which are allowed; the same ' +
          'status again changes nothing.',
        params: meetingIdParamsSchema,
        body: meetingStatusChangeSchema,
        response: { 200: meetingDetailSchema, 400: problemSchema, 404: problemSchema, 409: problemSchema },
      },
    },
    async (request) => {
      const { ip, now } = contextOf(request);
      return meetingsWrite.changeStatus(request.params.id, request.body, actorOf(request), { ip, now });
    },
  );

  app.post(
    '/meetings/:id/duplicate',
    {
      config: { auth: { scope: 'meetings:write' } },
      schema: {
        tags: ['meetings'],
        summary: 'Repeat a meeting on a new date: a draft with its texts, venue, settings, themes and agenda',
        description:
          'The end, the agenda and the registration window move by the same offset as the start. Nobody ' +
          'registered comes along. A new `title` is optional; the address is made from it.',
        params: meetingIdParamsSchema,
        body: meetingDuplicateSchema,
        response: { 201: meetingDetailSchema, 400: problemSchema, 404: problemSchema },
      },
    },
    async (request, reply) => {
      const { ip, now } = contextOf(request);
      reply.status(201);
      return meetingsWrite.duplicate(request.params.id, request.body, actorOf(request), { ip, now });
    },
  );

  // The coordinator's views: every status, drafts too, never cached.
  app.get(
    '/coordinator/meetings',
    {
      config: { auth: { scope: 'meetings:read' } },
      schema: {
        tags: ['meetings'],
        summary: 'Every meeting, drafts too: upcoming soonest first, then past ones latest first',
        querystring: coordinatorMeetingListQuerySchema,
        response: { 200: meetingPageSchema, 400: problemSchema },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return meetings.listAll(request.query, new Date());
    },
  );

  app.get(
    '/coordinator/meetings/:id',
    {
      config: { auth: { scope: 'meetings:read' } },
      schema: {
        tags: ['meetings'],
        summary: 'One meeting, drafts too (by id or slug)',
        params: meetingIdParamsSchema,
        response: { 200: meetingDetailSchema, 404: problemSchema },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return meetings.getAny(request.params.id, new Date());
    },
  );

  app.delete(
    '/meetings/:id',
    {
      config: { auth: { scope: 'meetings:write' } },
      schema: {
        tags: ['meetings'],
        summary: 'Delete a draft meeting',
        description: 'Only a draft: a meeting the public has seen is cancelled instead (409).',
        params: meetingIdParamsSchema,
        response: { 204: z.null().describe('Deleted'), 404: problemSchema, 409: problemSchema },
      },
    },
    async (request, reply) => {
      const { ip, now } = contextOf(request);
      await meetingsWrite.remove(request.params.id, actorOf(request), { ip, now });
      return reply.status(204).send(null);
    },
  );
};
