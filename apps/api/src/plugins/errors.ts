import { type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { type ErrorCode, errorStatus, type FieldError, type Problem, problemContentType } from '@bok/shared/errors';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError } from '../lib/app-error';
import { describeUnavailable, isDatabaseUnavailable } from '../lib/db-errors';

const titles: Record<ErrorCode, string> = {
  validation_failed: 'The request is not valid',
  reset_link_invalid: 'The password-reset link is not valid',
  unauthenticated: 'Sign-in required',
  invalid_credentials: 'Wrong e-mail address or password',
  totp_required: 'A two-factor code is required',
  forbidden: 'Not allowed',
  csrf_failed: 'The CSRF token is missing or wrong',
  not_found: 'Not found',
  meeting_not_open: 'The meeting is not open for registration',
  meeting_full: 'The meeting is full',
  library_full: 'Your library has all the seats it may have',
  hold_expired: 'The held place has gone on',
  conflict: 'Conflict',
  payload_too_large: 'The request body is too large',
  unsupported_media_type: 'Unsupported media type',
  idempotency_key_reused: 'The Idempotency-Key was used with another request',
  rate_limited: 'Too many requests',
  bad_request: 'The request is not valid HTTP',
  request_timeout: 'The request took too long to arrive',
  uri_too_long: 'The address is too long',
  expectation_failed: 'The expectation cannot be met',
  headers_too_large: 'The request headers are too large',
  internal: 'Internal server error',
  service_unavailable: 'Service unavailable',
};

export function problem(
  code: ErrorCode,
  detail: string,
  request: Pick<FastifyRequest, 'url'> | undefined,
  errors?: FieldError[],
  extensions: Pick<Problem, 'requiredScope'> = {},
): Problem {
  return {
    ...extensions,
    type: `/problems/${code.replaceAll('_', '-')}`,
    title: titles[code],
    status: errorStatus[code],
    detail,
    ...(request ? { instance: request.url } : {}),
    code,
    ...(errors?.length ? { errors } : {}),
  };
}

export function sendProblem(reply: FastifyReply, body: Problem) {
  return reply.status(body.status).type(problemContentType).send(body);
}

/** Which part of the request a validation error is about; body fields go bare. */
const contextPrefix: Record<string, string> = {
  body: '',
  querystring: 'query.',
  params: 'params.',
  headers: 'headers.',
};

function fieldPath(context: string | undefined, instancePath: string): string {
  let path = instancePath.replace(/^\//, '').replaceAll('/', '.');
  // A query parameter is one field even when it parses into a list (status=open,held).
  if (context === 'querystring') path = path.replace(/\.\d+$/, '');
  const prefix = contextPrefix[context ?? 'body'] ?? '';
  return path ? `${prefix}${path}` : prefix.replace(/\.$/, '') || 'body';
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  return sendProblem(
    reply,
    problem('not_found', `No route for ${request.method} ${request.url.split('?')[0]}.`, request),
  );
}

/**
 * The database being away (a restart, a failover) is expected and answered with 503 and
 * Retry-After: a warning with the reason in one line, not an error with a stack trace.
 */
function logUnavailable(request: FastifyRequest, cause: unknown) {
  request.log.warn({ reason: describeUnavailable(cause) }, 'database unavailable: answered 503');
}

/**
 * A problem written straight to the socket, for errors Node's HTTP parser meets before there is a
 * request to answer; the connection is closed after it, as Node does.
 */
function rawProblem(body: Problem): string {
  const json = JSON.stringify(body);
  return (
    `HTTP/1.1 ${body.status} ${STATUS_CODES[body.status]}\r\n` +
    `Content-Type: ${problemContentType}; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(json)}\r\n` +
    `Cache-Control: no-store\r\nConnection: close\r\n\r\n${json}`
  );
}

const clientErrors: Record<string, [ErrorCode, string]> = {
  ERR_HTTP_REQUEST_TIMEOUT: ['request_timeout', 'The request did not arrive in time.'],
  HPE_HEADER_OVERFLOW: ['headers_too_large', 'The request line and headers are over the size limit.'],
};

/**
 * Fastify's `clientErrorHandler`: errors of a connection (a malformed request, headers over the
 * limit, a request that trickles in past the timeout) answered as problem+json like every other.
 */
export function clientErrorHandler(this: FastifyInstance, error: NodeJS.ErrnoException, socket: Socket) {
  // A reset connection has nobody to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [code, detail] = clientErrors[error.code ?? ''] ?? ['bad_request', 'The request is not valid HTTP/1.1.'];
  this.log.debug({ err: error }, 'client error');
  // As Node itself: never write into a response that has begun.
  const inFlight = (socket as Socket & { _httpMessage?: ServerResponse })._httpMessage;
  if (socket.writable && !inFlight?.headersSent) socket.write(rawProblem(problem(code, detail, undefined)));
  socket.destroy(error);
}

/** Node's answer to an `Expect` header other than 100-continue, as problem+json. */
export function expectationFailedHandler(request: IncomingMessage, response: ServerResponse) {
  const body = JSON.stringify(
    problem('expectation_failed', `Expect: ${request.headers.expect} is not supported.`, {
      url: request.url ?? '/',
    }),
  );
  response.writeHead(417, {
    'content-type': `${problemContentType}; charset=utf-8`,
    'content-length': Buffer.byteLength(body),
    connection: 'close',
  });
  response.end(body);
}

const frameworkErrorCodes: Record<string, ErrorCode> = {
  FST_ERR_BAD_URL: 'bad_request',
  FST_ERR_INVALID_URL: 'bad_request',
  FST_ERR_MAX_PARAM_LENGTH: 'uri_too_long',
};

/**
 * Fastify's `frameworkErrors`: what its router refuses before a route runs (a path that is not
 * valid URL encoding, a parameter over maxParamLength), answered through the one error table.
 */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const code = frameworkErrorCodes[error.code];
  if (code) return sendProblem(reply, problem(code, error.message, request));
  request.log.error({ err: error }, 'unexpected framework error');
  return sendProblem(reply, problem('internal', 'Something went wrong on our side.', request));
}

/** Maps Fastify's own error codes (body parsing, limits) to ours. */
const fastifyErrorCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_JSON_BODY: 'validation_failed',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'validation_failed',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'validation_failed',
  FST_ERR_VALIDATION: 'validation_failed',
};

/**
 * The one error handler: every failure leaves as application/problem+json (RFC 9457).
 * Unexpected errors are logged with their cause and answered without it.
 */
export const errorsPlugin = fp(
  async (app) => {
    // Node answers an HTTP/1.1 request without Host with an empty 400 of its own (app.ts turns that
    // off); the same refusal, in our words.
    app.addHook('onRequest', async (request, reply) => {
      if (request.raw.httpVersion === '1.1' && !request.raw.headers.host) {
        return sendProblem(reply, problem('bad_request', 'An HTTP/1.1 request must have a Host header.', request));
      }
    });
    app.setErrorHandler((error: FastifyError, request, reply) => {
      if (error instanceof AppError) {
        if (error.status === 503) logUnavailable(request, error.cause ?? error);
        else if (error.status >= 500) request.log.error({ err: error }, error.message);
        if (error.headers) reply.headers(error.headers);
        const extensions = error.requiredScope ? { requiredScope: error.requiredScope } : {};
        return sendProblem(reply, problem(error.code, error.message, request, error.fields, extensions));
      }
      if (hasZodFastifySchemaValidationErrors(error)) {
        const fields = error.validation.map((issue) => ({
          field: fieldPath(error.validationContext, issue.instancePath),
          message: issue.message ?? 'invalid',
          code: String((issue.params as { issue?: { code?: string } } | undefined)?.issue?.code ?? issue.keyword),
        }));
        return sendProblem(reply, problem('validation_failed', 'Some fields are not valid.', request, fields));
      }
      if (isResponseSerializationError(error)) {
        request.log.error({ err: error, issues: error.cause.issues }, 'response does not match its schema');
        return sendProblem(reply, problem('internal', 'Something went wrong on our side.', request));
      }
      if (error.statusCode === 429) {
        return sendProblem(reply, problem('rate_limited', error.message, request));
      }
      const mapped = error.code ? fastifyErrorCodes[error.code] : undefined;
      if (mapped) return sendProblem(reply, problem(mapped, error.message, request));
      if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
        const code: ErrorCode = error.statusCode === 404 ? 'not_found' : 'validation_failed';
        return sendProblem(reply, problem(code, error.message, request));
      }
      if (isDatabaseUnavailable(error)) {
        logUnavailable(request, error);
        reply.header('retry-after', '30');
        return sendProblem(
          reply,
          problem('service_unavailable', 'The service is unavailable; try again shortly.', request),
        );
      }
      request.log.error({ err: error }, 'unexpected error');
      return sendProblem(reply, problem('internal', 'Something went wrong on our side.', request));
    });
  },
  { name: 'errors' },
);
