import { apiKeyCreatedSchema, apiKeyCreateSchema, apiKeyIdParamsSchema, apiKeyListSchema } from '@bok/shared/api-keys';
import { problemSchema } from '@bok/shared/errors';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, contextOf } from '../../plugins/auth';
import { apiKeysService } from './api-keys.service';

export const apiKeysRoutes: FastifyPluginAsyncZod = async (app) => {
  const apiKeys = apiKeysService(app.db);

  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('cache-control', 'no-store');
    return payload;
  });

  app.post(
    '/api-keys',
    {
      config: { auth: { scope: 'api-keys:write' } },
      schema: {
        tags: ['api-keys'],
        summary: 'Create an API key; the answer is the only time the key is shown',
        description:
          'Use it as `Authorization: Bearer <key>`. A key creating keys can only grant scopes it has itself.',
        body: apiKeyCreateSchema,
        response: { 201: apiKeyCreatedSchema, 400: problemSchema },
      },
    },
    async (request, reply) => {
      const { ip, now } = contextOf(request);
      reply.status(201);
      return apiKeys.create(request.body, actorOf(request), { ip, now });
    },
  );

  app.get(
    '/api-keys',
    {
      config: { auth: { scope: 'api-keys:read' } },
      schema: {
        tags: ['api-keys'],
        summary: 'The API keys, newest first (revoked ones too); never the keys themselves',
        response: { 200: apiKeyListSchema },
      },
    },
    async () => apiKeys.list(),
  );

  app.delete(
    '/api-keys/:id',
    {
      config: { auth: { scope: 'api-keys:write' } },
      schema: {
        tags: ['api-keys'],
        summary: 'Revoke an API key: refused from the next request on',
        params: apiKeyIdParamsSchema,
        response: { 204: z.null().describe('Revoked'), 404: problemSchema },
      },
    },
    async (request, reply) => {
      const { ip, now } = contextOf(request);
      await apiKeys.revoke(request.params.id, actorOf(request), { ip, now });
      return reply.status(204).send(null);
    },
  );
};
