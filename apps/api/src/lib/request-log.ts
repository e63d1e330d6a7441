import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';

const quieterThanInfo = new Set(['warn', 'error', 'fatal', 'silent']);
const isInfoEnabled = (level: string) => !quieterThanInfo.has(level);

/**
 * One line per request, written when it is answered (Fastify's own logging writes two). Paths only:
 * query strings can carry what logs must not keep. Server errors are logged by the error handler
 * with their cause, so the request line itself is info, or warn for a 5xx.
 */
export class OneLinePerRequest extends LogController {
  override incomingRequest() {}

  override requestCompleted(_error: Error | null, request: FastifyRequest, reply: FastifyReply) {
    const statusCode = reply.statusCode;
    // Nothing is built for a line that would not be written (LOG_LEVEL=warn under a crowd).
    if (statusCode < 500 && !isInfoEnabled(reply.log.level)) return;
    const method = request.method;
    const url = request.url.split('?')[0];
    const responseTime = Math.round(reply.elapsedTime * 10) / 10;
    const line = { method, url, statusCode, responseTime, remoteAddress: request.ip };
    const message = `${method} ${url} ${statusCode} ${responseTime} ms`;
    if (statusCode >= 500) reply.log.warn(line, message);
    else reply.log.info(line, message);
  }
}
