import { problemSchema } from '@bok/shared/errors';
import { meetingIdParamsSchema } from '@bok/shared/meetings';
import {
  checkInSchema,
  checkInStateSchema,
  headcountSchema,
  participantAddSchema,
  participantCancelSchema,
  participantListQuerySchema,
  participantListSchema,
  participantMoveSchema,
  participantSchema,
} from '@bok/shared/participants';
import { registrationIdParamsSchema } from '@bok/shared/registrations';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf, contextOf } from '../../plugins/auth';
import { participantsCsv } from './registrations.csv';
import { participantsService } from './registrations.participants';

const read = { auth: { scope: 'registrations:read' as const } };
const write = { auth: { scope: 'registrations:write' as const } };
const changeErrors = { 400: problemSchema, 404: problemSchema, 409: problemSchema };

/** The coordinator's side of a meeting's registrations (part 2 of the dashboard). */
export const participantsRoutes: FastifyPluginAsyncZod = async (app) => {
  const participants = participantsService(app.db, app.config, {
    onSeatsChanged: (meetingId) => app.readCache.meetingChanged(meetingId),
  });

  app.get(
    '/meetings/:id/registrations',
    {
      config: read,
      schema: {
        tags: ['participants'],
        summary: "A meeting's registrations: searched, filtered and sorted, with the meeting's counts",
        description:
          '`q` searches names, e-mail addresses and libraries; `sort` is a key, or `-key` for descending. ' +
          'Personal data, needs included: for the coordinator only. At most 2,000 registrations.',
        params: meetingIdParamsSchema,
        querystring: participantListQuerySchema,
        response: { 200: participantListSchema, 400: problemSchema, 404: problemSchema },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const { locale: _locale, ...query } = request.query;
      return participants.list(request.params.id, query);
    },
  );

  app.get(
    '/meetings/:id/registrations.csv',
    {
      config: read,
      schema: {
        tags: ['participants'],
        summary: 'The same list as a CSV file for Excel (UTF-8 with BOM, `;`-separated, formulas neutralised)',
        params: meetingIdParamsSchema,
        querystring: participantListQuerySchema,
        response: { 400: problemSchema, 404: problemSchema },
      },
    },
    async (request, reply) => {
      const { locale = 'da', ...query } = request.query;
      const { participants: rows, questions } = await participants.export(request.params.id, query);
      // A file, not JSON: past the typed reply (its schema describes the errors).
      return (reply as FastifyReply)
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="deltagere-${request.params.id}.csv"`)
        .type('text/csv; charset=utf-8')
        .send(participantsCsv(rows, questions, locale));
    },
  );

  app.get(
    '/meetings/:id/headcount',
    {
      config: read,
      schema: {
        tags: ['participants'],
        summary: 'For the host library: how many come, from which libraries, and the needs to plan for (no names)',
        params: meetingIdParamsSchema,
        response: { 200: headcountSchema, 404: problemSchema },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return participants.headcount(request.params.id);
    },
  );

  app.post(
    '/meetings/:id/registrations/manual',
    {
      config: write,
      schema: {
        tags: ['participants'],
        summary: 'Add someone by hand: a seat when one is free, else the waitlist; beyond the capacity only knowingly',
        description:
          '`notify: false` writes no e-mail (the person is told otherwise). `overrideCapacity: true` seats them ' +
          'even when the meeting, or their library, is full. An address already registered is refused (409).',
        params: meetingIdParamsSchema,
        body: participantAddSchema,
        response: { 201: participantSchema, ...changeErrors },
      },
    },
    async (request, reply) => {
      const { ip, now } = contextOf(request);
      const added = await participants.add(request.params.id, request.body, actorOf(request), { ip, now });
      return reply.status(201).send(added);
    },
  );

  app.post(
    '/registrations/:id/move',
    {
      config: write,
      schema: {
        tags: ['participants'],
        summary: 'Move between the waitlist and a seat',
        description:
          'To `confirmed`: a seat now, out of the waitlist’s order (409 when none is free, unless `overrideCapacity`). ' +
          'To `waitlisted`: to the end of the waitlist, the freed seat going to the first in line.',
        params: registrationIdParamsSchema,
        body: participantMoveSchema,
        response: { 200: participantSchema, ...changeErrors },
      },
    },
    async (request) => {
      const { ip, now } = contextOf(request);
      return participants.move(request.params.id, request.body, actorOf(request), { ip, now });
    },
  );

  app.post(
    '/registrations/:id/cancel',
    {
      config: write,
      schema: {
        tags: ['participants'],
        summary: "Cancel on the registrant's behalf; the seat goes to the first in line",
        params: registrationIdParamsSchema,
        body: participantCancelSchema,
        response: { 200: participantSchema, ...changeErrors },
      },
    },
    async (request) => {
      const { ip, now } = contextOf(request);
      return participants.cancel(request.params.id, request.body, actorOf(request), { ip, now });
    },
  );

  const checkInDescription =
    '`at` is when it happened by the door’s clock (a phone that was offline sends it later): the newest ' +
    'change wins, so a queue replayed twice, or an older change arriving after a newer one, changes ' +
    'nothing (`applied: false`).';

  for (const { suffix, checkedIn, summary } of [
    { suffix: '', checkedIn: true, summary: 'Check someone in at the door' },
    { suffix: '/undo', checkedIn: false, summary: 'Undo a check-in' },
  ]) {
    app.post(
      `/registrations/:id/check-in${suffix}`,
      {
        config: write,
        schema: {
          tags: ['participants'],
          summary,
          description: checkInDescription,
          params: registrationIdParamsSchema,
          body: checkInSchema,
          response: { 200: checkInStateSchema, ...changeErrors },
        },
      },
      async (request) => {
        const { ip, now } = contextOf(request);
        const at = request.body.at ? new Date(request.body.at) : undefined;
        return participants.setCheckIn(request.params.id, { checkedIn, at }, actorOf(request), { ip, now });
      },
    );
  }
};
