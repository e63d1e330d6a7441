import {
  loginSchema,
  passwordChangeSchema,
  passwordResetConfirmSchema,
  passwordResetRequestSchema,
  recoveryCodesSchema,
  sessionIdParamsSchema,
  sessionListSchema,
  sessionStateSchema,
  totpDisableSchema,
  totpEnableSchema,
  totpSetupSchema,
} from '@bok/shared/auth';
import { problemSchema } from '@bok/shared/errors';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { clearSessionCookie, contextOf, sessionCookieName, setSessionCookie, signedInOf } from '../../plugins/auth';
import { authService, passwordResetValidMinutes } from './auth.service';
import { twoFactorService } from './two-factor.service';

const session = { auth: { session: true } } as const;
const noContent = z.null().describe('Done');

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const auth = authService(app.db, app.config);
  const twoFactor = twoFactorService(app.db, app.config, auth);
  const cookieName = sessionCookieName(app.config.publicUrl);

  // Session state, CSRF tokens, recovery codes: never cached, by the browser or anyone between.
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('cache-control', 'no-store');
    return payload;
  });

  app.post(
    '/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in as a coordinator: sets the session cookie, answers the CSRF token',
        description:
          'An unknown address and a wrong password get the same 401 `invalid_credentials`. With two-factor ' +
          'sign-in on, the password alone gets 401 `totp_required`: send it again with `totp` (or `recoveryCode`). ' +
          `Failures are limited per address (${app.config.auth.loginFailuresPerAccount}) and per client ` +
          `(${app.config.auth.loginFailuresPerIp}) in 15 minutes: then 429 with Retry-After. Keep \`csrfToken\` in ` +
          'memory and send it as X-CSRF-Token on every POST/PUT/PATCH/DELETE.',
        body: loginSchema,
        response: { 200: sessionStateSchema, 400: problemSchema, 401: problemSchema, 429: problemSchema },
      },
    },
    async (request, reply) => {
      const result = await auth.login(request.body, contextOf(request), request.cookies[cookieName]);
      setSessionCookie(reply, cookieName, result.token, new Date(result.state.expiresAt));
      return result.state;
    },
  );

  app.get(
    '/auth/session',
    {
      config: session,
      schema: {
        tags: ['auth'],
        summary: 'The signed-in coordinator and the CSRF token again (after a page reload)',
        response: { 200: sessionStateSchema },
      },
    },
    async (request) => auth.state(signedInOf(request)),
  );

  app.post(
    '/auth/logout',
    {
      config: session,
      schema: { tags: ['auth'], summary: 'Sign out: ends this session at once', response: { 204: noContent } },
    },
    async (request, reply) => {
      await auth.logout(signedInOf(request), contextOf(request));
      clearSessionCookie(reply, cookieName);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/auth/logout-all',
    {
      config: session,
      schema: {
        tags: ['auth'],
        summary: 'Sign out everywhere: ends every session of this coordinator, this one included',
        response: { 204: noContent },
      },
    },
    async (request, reply) => {
      await auth.logoutEverywhere(signedInOf(request), contextOf(request));
      clearSessionCookie(reply, cookieName);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/auth/sessions',
    {
      config: session,
      schema: {
        tags: ['auth'],
        summary: 'My sessions (browser, address, when signed in and last seen)',
        response: { 200: sessionListSchema },
      },
    },
    async (request) => ({ items: await auth.listSessions(signedInOf(request)) }),
  );

  app.delete(
    '/auth/sessions/:id',
    {
      config: session,
      schema: {
        tags: ['auth'],
        summary: 'End one of my sessions',
        params: sessionIdParamsSchema,
        response: { 204: noContent, 404: problemSchema },
      },
    },
    async (request, reply) => {
      const signedIn = signedInOf(request);
      await auth.revokeSession(signedIn, request.params.id, contextOf(request));
      if (request.params.id === signedIn.session.id) clearSessionCookie(reply, cookieName);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/auth/password',
    {
      config: session,
      schema: {
        tags: ['auth'],
        summary: 'Change my password (needs the current one); ends my other sessions',
        body: passwordChangeSchema,
        response: { 204: noContent, 400: problemSchema, 429: problemSchema },
      },
    },
    async (request, reply) => {
      await auth.changePassword(signedInOf(request), request.body, contextOf(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/auth/password-reset',
    {
      schema: {
        tags: ['auth'],
        summary: 'E-mail a password-reset link (always 202, whatever the address)',
        description:
          `The link works once, for ${passwordResetValidMinutes} minutes; a newer one replaces it. ` +
          'The answer is the same whether or not the address is a coordinator’s.',
        body: passwordResetRequestSchema,
        response: { 202: noContent, 400: problemSchema },
      },
    },
    async (request, reply) => {
      await auth.requestPasswordReset(request.body, contextOf(request));
      return reply.status(202).send(null);
    },
  );

  app.post(
    '/auth/password-reset/confirm',
    {
      schema: {
        tags: ['auth'],
        summary: 'Set a new password with the token from the e-mailed link; ends every session',
        body: passwordResetConfirmSchema,
        response: { 204: noContent, 400: problemSchema },
      },
    },
    async (request, reply) => {
      await auth.confirmPasswordReset(request.body, contextOf(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/auth/totp/setup',
    {
      config: session,
      schema: {
        tags: ['auth'],
        summary: 'Start two-factor sign-in: a new TOTP secret and its otpauth:// URI (for a QR code)',
        description: 'Nothing changes until `/auth/totp/enable` confirms a code from the app.',
        response: { 200: totpSetupSchema, 409: problemSchema },
      },
    },
    async (request) => twoFactor.setup(signedInOf(request), contextOf(request)),
  );

  app.post(
    '/auth/totp/enable',
    {
      config: session,
      schema: {
        tags: ['auth'],
        summary: 'Turn two-factor sign-in on with a code from the app; answers 10 recovery codes, shown once',
        body: totpEnableSchema,
        response: { 200: recoveryCodesSchema, 400: problemSchema, 409: problemSchema, 429: problemSchema },
      },
    },
    async (request) => twoFactor.enable(signedInOf(request), request.body.code, contextOf(request)),
  );

  app.post(
    '/auth/totp/disable',
    {
      config: session,
      schema: {
        tags: ['auth'],
        summary: 'Turn two-factor sign-in off (with the password or a current code)',
        body: totpDisableSchema,
        response: { 204: noContent, 400: problemSchema, 429: problemSchema },
      },
    },
    async (request, reply) => {
      await twoFactor.disable(signedInOf(request), request.body, contextOf(request));
      return reply.status(204).send(null);
    },
  );
};
