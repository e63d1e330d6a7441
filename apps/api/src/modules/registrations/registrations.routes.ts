import { problemSchema } from '@bok/shared/errors';
import { meetingIdParamsSchema } from '@bok/shared/meetings';
import {
  idempotencyKeyHeader,
  registrationAlreadyRegisteredSchema,
  registrationCreatedNewSchema,
  registrationCreateHeadersSchema,
  registrationCreateSchema,
  registrationIdParamsSchema,
  registrationSchema,
  registrationTokenHeader,
  registrationTokenHeadersSchema,
  registrationUpdateSchema,
} from '@bok/shared/registrations';
import rateLimit from '@fastify/rate-limit';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../lib/app-error';
import { postgresRateLimitStore } from '../rate-limits/rate-limits.store';
import { manageLinkDaysAfterMeeting } from './registrations.rules';
import { registrationsService } from './registrations.service';

const manageLinkNote =
  'The manage token from the e-mailed link goes in the `X-Registration-Token` header. A wrong or missing ' +
  'token, an unknown id, a malformed id and a link whose meeting ended more than ' +
  `${manageLinkDaysAfterMeeting} days ago all get the same 404. Answers carry \`Cache-Control: no-store\`.`;

const retryAfter = {
  'retry-after': { type: 'integer', minimum: 1, description: 'Seconds to wait before trying again.' },
};
/** Registrations per address are counted over a minute; the policy's name in the RateLimit headers. */
const rateLimitWindowMs = 60_000;
const rateLimitPolicy = 'per-address';
const rateLimitHeaders = {
  ...retryAfter,
  ratelimit: {
    type: 'string',
    description: `IETF draft RateLimit field: \`"${rateLimitPolicy}";r=0;t=<seconds until the window resets>\`.`,
  },
  'ratelimit-policy': {
    type: 'string',
    description: `IETF draft RateLimit-Policy field: \`"${rateLimitPolicy}";q=<requests>;w=<window in seconds>\`.`,
  },
};
const idempotentReplayed = {
  'idempotent-replayed': {
    type: 'string',
    enum: ['true'],
    description: 'Present when this is the stored answer to an earlier request with the same Idempotency-Key.',
  },
};

// Response headers are declared through schema metadata: @fastify/swagger reads `headers` beside the schema.
const createResponses = {
  201: registrationCreatedNewSchema.meta({
    description: 'Registered: `confirmed`, or `waitlisted` at `waitlistPosition`.',
    headers: idempotentReplayed,
  }),
  202: registrationAlreadyRegisteredSchema.meta({
    description: 'The address was already registered; its manage link has been e-mailed to it.',
    headers: idempotentReplayed,
  }),
  400: problemSchema,
  404: problemSchema,
  409: problemSchema,
  413: problemSchema,
  415: problemSchema,
  422: problemSchema,
  429: problemSchema.meta({ description: 'Too many registrations from this address.', headers: rateLimitHeaders }),
  500: problemSchema,
  503: problemSchema.meta({ description: 'The database is not available; try again.', headers: retryAfter }),
};

export const registrationsRoutes: FastifyPluginAsyncZod = async (app) => {
  const registrations = registrationsService(app.db, app.config, {
    logger: app.log,
    onSeatsChanged: (meetingId) => app.readCache.meetingChanged(meetingId),
  });

  // Every answer here is about one person (or says whether an address is registered): never cached.
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('cache-control', 'no-store');
    return payload;
  });

  // Only routes that ask for it are limited (global: false); it runs onRequest, before the body is read.
  // Counted in PostgreSQL, so all instances on the database share the limit.
  await app.register(rateLimit, {
    global: false,
    store: postgresRateLimitStore(app.db),
    // The plugin writes X-RateLimit-* (or an older draft's RateLimit-Limit/-Remaining/-Reset); the 429
    // carries the current IETF draft's two fields instead, written here.
    addHeaders: {
      'x-ratelimit-limit': false,
      'x-ratelimit-remaining': false,
      'x-ratelimit-reset': false,
      'retry-after': false,
    },
    addHeadersOnExceeding: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false },
    errorResponseBuilder: (_request, context) => {
      const seconds = Math.max(1, Math.ceil(context.ttl / 1000));
      return new AppError('rate_limited', `Too many registrations from this address. Try again in ${context.after}.`, {
        headers: {
          'retry-after': String(seconds),
          ratelimit: `"${rateLimitPolicy}";r=0;t=${seconds}`,
          'ratelimit-policy': `"${rateLimitPolicy}";q=${context.max};w=${rateLimitWindowMs / 1000}`,
        },
      });
    },
  });

  app.post(
    '/meetings/:id/registrations',
    {
      config: { rateLimit: { max: app.config.registrationRateLimit, timeWindow: rateLimitWindowMs } },
      schema: {
        tags: ['registrations'],
        summary: 'Register for a meeting (by id or slug): 201 new; 202 already registered, manage link re-sent',
        description:
          '201: a new registration, `confirmed` or `waitlisted` at `waitlistPosition`. ' +
          '202: the e-mail address already has an active registration for this meeting. Nothing is created ' +
          'and nothing about that registration (id, status, position, details) is shown; its manage link is ' +
          'e-mailed to the address (at most once per 10 minutes). The caller learns only that the address is ' +
          'registered, which the registrant needs to be told. ' +
          'With an `Idempotency-Key` header, a retry with the same body gets the first answer again ' +
          '(header `Idempotent-Replayed: true`); the same key with another body is a 422. Keys are kept for 24 hours. ' +
          `Limited per IP (${app.config.registrationRateLimit} a minute, shared by all instances); 429 carries ` +
          '`Retry-After`, `RateLimit` and `RateLimit-Policy` (IETF draft). ' +
          'When the database is unavailable: 503 with `Retry-After`.',
        params: meetingIdParamsSchema,
        headers: registrationCreateHeadersSchema,
        body: registrationCreateSchema,
        response: createResponses,
      },
    },
    async (request, reply) => {
      const outcome = await registrations.register(request.params.id, request.body, {
        idempotencyKey: request.headers[idempotencyKeyHeader],
        ip: request.ip,
      });
      if (outcome.ignoredAsBot) request.log.info({ meeting: request.params.id }, 'bot trap filled; nothing registered');
      if (outcome.replayed) reply.header('idempotent-replayed', 'true');
      reply.status(outcome.statusCode);
      return outcome.body;
    },
  );

  app.get(
    '/registrations/:id',
    {
      schema: {
        tags: ['registrations'],
        summary: 'A registration, with its status and waitlist position (manage link)',
        description: manageLinkNote,
        params: registrationIdParamsSchema,
        headers: registrationTokenHeadersSchema,
        response: { 200: registrationSchema, 404: problemSchema, 500: problemSchema },
      },
    },
    async (request) => registrations.get(request.params.id, request.headers[registrationTokenHeader]),
  );

  app.patch(
    '/registrations/:id',
    {
      schema: {
        tags: ['registrations'],
        summary: 'Change needs, comment, library, job title or language (manage link)',
        description: `${manageLinkNote} A cancelled registration, or one whose meeting has taken place, cannot be changed (409).`,
        params: registrationIdParamsSchema,
        headers: registrationTokenHeadersSchema,
        body: registrationUpdateSchema,
        response: {
          200: registrationSchema,
          400: problemSchema,
          404: problemSchema,
          409: problemSchema,
          413: problemSchema,
          415: problemSchema,
          500: problemSchema,
        },
      },
    },
    async (request) =>
      registrations.update(request.params.id, request.headers[registrationTokenHeader], request.body, {
        ip: request.ip,
      }),
  );

  app.post(
    '/registrations/:id/confirm',
    {
      schema: {
        tags: ['registrations'],
        summary: 'Confirm a place held for confirmation (manage link): the seat or waitlist place becomes yours',
        description:
          `${manageLinkNote} On a meeting that asks registrants to confirm from the e-mail, a new registration's ` +
          'place is held until `holdExpiresAt`; this confirms it, and the e-mail of the place (with the calendar ' +
          'invitation for a seat) goes out. Confirming again, or a registration that needed no confirmation, ' +
          'answers 200 and changes nothing. After the hold has ended the place has gone on: 409 `hold_expired`.',
        params: registrationIdParamsSchema,
        headers: registrationTokenHeadersSchema,
        response: { 200: registrationSchema, 404: problemSchema, 409: problemSchema, 500: problemSchema },
      },
    },
    async (request) =>
      registrations.confirm(request.params.id, request.headers[registrationTokenHeader], { ip: request.ip }),
  );

  app.delete(
    '/registrations/:id',
    {
      schema: {
        tags: ['registrations'],
        summary: 'Cancel a registration (manage link); a freed seat goes to the first on the waitlist',
        description:
          `${manageLinkNote} Cancelling an already cancelled registration also answers 204 and changes nothing, ` +
          'so a retry is safe. After the meeting has taken place: 409.',
        params: registrationIdParamsSchema,
        headers: registrationTokenHeadersSchema,
        response: { 204: z.null().describe('Cancelled'), 404: problemSchema, 409: problemSchema, 500: problemSchema },
      },
    },
    async (request, reply) => {
      await registrations.cancel(request.params.id, request.headers[registrationTokenHeader], { ip: request.ip });
      return reply.status(204).send(null);
    },
  );
};
