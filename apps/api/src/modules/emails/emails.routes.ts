import { mailboxIdParamsSchema, mailboxListSchema, mailboxMessageSchema, mailboxQuerySchema } from '@bok/shared/emails';
import { problemSchema } from '@bok/shared/errors';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { notFoundHandler } from '../../plugins/errors';
import { mailboxService } from './emails.service';

const loopback = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * The development mailbox. Registered only when no SMTP server is configured and not in
 * production (app.ts decides): it shows every e-mail, manage links included, so by default only
 * this machine may read it. The socket's address counts, not X-Forwarded-For, which a client writes.
 */
export const devMailboxRoutes: FastifyPluginAsyncZod = async (app) => {
  const mailbox = mailboxService(app.db, app.config);

  // E-mails carry names, addresses and manage links: never kept by a browser or a proxy.
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('cache-control', 'no-store');
    return payload;
  });

  if (!app.config.devMailboxFromAnywhere) {
    app.addHook('onRequest', async (request, reply) => {
      if (!loopback.has(request.raw.socket.remoteAddress ?? '')) return notFoundHandler(request, reply);
    });
  }

  app.get(
    '/mailbox',
    {
      schema: {
        tags: ['development'],
        summary: 'E-mails the app would have sent, newest first (development only, without SMTP)',
        querystring: mailboxQuerySchema,
        response: { 200: mailboxListSchema, 400: problemSchema },
      },
    },
    async (request) => mailbox.list(request.query),
  );

  app.get(
    '/mailbox/:id',
    {
      schema: {
        tags: ['development'],
        summary: 'One e-mail with its text, HTML and calendar attachment (development only)',
        params: mailboxIdParamsSchema,
        response: { 200: mailboxMessageSchema, 400: problemSchema, 404: problemSchema },
      },
    },
    async (request) => mailbox.get(request.params.id),
  );
};
