import net from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { FuzzRequest } from './requests';

export interface Answer {
  /** 0: the server hung up without answering. */
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  via: 'inject' | 'http' | 'socket';
}

/**
 * app.inject() takes the URL through WHATWG URL parsing, which resolves `../` and `%2e%2e`, and
 * hands headers over as given (a duplicate Content-Type as an array, which no socket can carry).
 * Those requests go over a real connection instead, byte for byte.
 */
export function needsRealConnection(request: FuzzRequest): boolean {
  if (Object.values(request.headers).some(Array.isArray)) return true;
  if (request.url.startsWith('//')) return true;
  const parsed = new URL(request.url, 'http://localhost');
  return parsed.pathname + parsed.search !== request.url;
}

export async function send(app: FastifyInstance, port: number, request: FuzzRequest): Promise<Answer> {
  if (!needsRealConnection(request)) {
    const response = await app.inject({
      method: request.method as 'GET',
      url: request.url,
      headers: request.headers as Record<string, string>,
      ...(request.payload !== undefined ? { payload: request.payload } : {}),
    });
    return {
      status: response.statusCode,
      headers: response.headers as Answer['headers'],
      body: response.body,
      via: 'inject',
    };
  }
  // A loaded machine can take seconds for one answer: only a server that never answers is a failure.
  return { ...(await sendRaw(port, wireBytes(request), 120_000)), via: 'http' };
}

/**
 * The request as bytes: the URL as given, every header line (a repeated one twice), header
 * values as Latin-1 (how servers read them), a Content-Length for any body, one request per
 * connection so an early answer is never taken for the next request's.
 */
export function wireBytes(request: FuzzRequest): Buffer {
  const payload = request.payload === undefined ? undefined : Buffer.from(request.payload);
  const lines = [`${request.method} ${request.url} HTTP/1.1`, 'Host: 127.0.0.1'];
  for (const [name, value] of Object.entries(request.headers)) {
    for (const one of Array.isArray(value) ? value : [value]) lines.push(`${name}: ${one}`);
  }
  if (payload) lines.push(`Content-Length: ${payload.length}`);
  lines.push('Connection: close');
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), payload ?? Buffer.alloc(0)]);
}

/** Writes bytes to the server on a fresh connection and reads the first answer: for what no HTTP client will send. */
export function sendRaw(port: number, bytes: Buffer | string, timeoutMs = 30_000): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(parseRawAnswer(Buffer.concat(chunks)));
    };
    const timer = setTimeout(finish, timeoutMs);
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      const answer = parseRawAnswer(Buffer.concat(chunks));
      if (answer.status && answer.complete) finish();
    });
    socket.on('end', finish);
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNRESET' || error.code === 'EPIPE') finish();
      else reject(error);
    });
    socket.write(bytes);
  });
}

function parseRawAnswer(buffer: Buffer): Answer & { complete: boolean } {
  // An interim 100 Continue comes before the answer.
  const text = buffer.toString('latin1').replace(/^(HTTP\/1\.1 1\d\d [^\r]*\r\n\r\n)+/, '');
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return { status: 0, headers: {}, body: '', via: 'socket', complete: false };
  const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '')?.[1] ?? 0);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = text.slice(end + 4);
  let complete: boolean;
  if (headers['transfer-encoding']?.includes('chunked')) {
    complete = /\r\n0\r\n\r\n$/.test(`\r\n${body}`);
    let decoded = '';
    let rest = body;
    for (;;) {
      const lineEnd = rest.indexOf('\r\n');
      const size = Number.parseInt(rest.slice(0, lineEnd), 16);
      if (lineEnd < 0 || !(size > 0)) break;
      decoded += rest.slice(lineEnd + 2, lineEnd + 2 + size);
      rest = rest.slice(lineEnd + 2 + size + 2);
    }
    body = decoded;
  } else {
    const length = Number(headers['content-length'] ?? Number.NaN);
    complete = Number.isFinite(length) ? Buffer.byteLength(body, 'latin1') >= length : false;
    if (Number.isFinite(length)) body = body.slice(0, length);
  }
  return { status, headers, body: Buffer.from(body, 'latin1').toString('utf8'), via: 'socket', complete };
}
