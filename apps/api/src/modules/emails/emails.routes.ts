import { mailboxIdParamsSchema, mailboxListSchema, mailboxMessageSchema, mailboxQuerySchema } from '@bok/shared/emails';
import { problemSchema } from '@bok/shared/errors';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { notFoundHandler } from '../../plugins/errors';
import { mailboxService } from './emails.service';

const loopback = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const localHostnames = ['localhost', '127.0.0.1', '[::1]'];
// Headers a reverse proxy adds: a request carrying one came through a proxy, whatever the socket says.
const proxyHeaders = ['forwarded', 'x-forwarded-for', 'x-real-ip'];

function hostnameOf(authority: string): string | undefined {
  try {
    return new URL(`http://${authority}`).hostname;
  } catch {
    return undefined;
  }
}

/**
 * A request plainly made on this machine: from a loopback socket, not through a proxy, and to a
 * name of this machine (Host, and Origin when sent). The names matter because a page on another
 * site can point its own name at 127.0.0.1 (DNS rebinding) and read what it fetches from there.
 */
function isLocalRequest(request: FastifyRequest, hostnames: ReadonlySet<string>): boolean {
  if (!loopback.has(request.raw.socket.remoteAddress ?? '')) return false;
  const headers = request.raw.headers;
  if (proxyHeaders.some((name) => headers[name] !== undefined)) return false;
  const host = hostnameOf(headers.host ?? '');
  if (!host || !hostnames.has(host)) return false;
  if (headers.origin === undefined) return true;
  const origin = URL.canParse(headers.origin) ? new URL(headers.origin).hostname : undefined;
  return origin !== undefined && hostnames.has(origin);
}

/**
 * The development mailbox. Registered only when no SMTP server is configured and not in
 * production (app.ts decides): it shows every e-mail, manage links included, so by default only
 * this machine may read it. The socket's address counts, not X-Forwarded-For, which a client
 * writes; and the name it was asked by must be this machine's (localhost or PUBLIC_URL's host).
 */
export const devMailboxRoutes: FastifyPluginAsyncZod = async (app) => {
  const mailbox = mailboxService(app.db, app.config);

  // E-mails carry names, addresses and manage links: never kept by a browser or a proxy.
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('cache-control', 'no-store');
    return payload;
  });

  if (!app.config.devMailboxFromAnywhere) {
    const hostnames = new Set([...localHostnames, new URL(app.config.publicUrl).hostname]);
    app.addHook('onRequest', async (request, reply) => {
      if (!isLocalRequest(request, hostnames)) return notFoundHandler(request, reply);
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
