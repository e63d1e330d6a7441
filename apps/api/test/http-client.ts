// Requests over real TCP to a listening server, each on a connection of its own, telling apart how
// a request that got no complete answer ended: refused at connect, dropped before any answer, or
// cut off in the middle of one.
import http from 'node:http';
import { createServer } from 'node:net';

export type HttpOutcome =
  | { kind: 'response'; status: number; headers: http.IncomingHttpHeaders; body: string }
  /** Nothing listened: the request never reached a server. */
  | { kind: 'refused'; code: string }
  /** Connected, but the connection ended before a byte of the answer came back. */
  | { kind: 'dropped'; code: string }
  /** The answer started, then the connection ended before it was complete. */
  | { kind: 'cut-off'; code: string; status: number }
  | { kind: 'timeout' };

export function request(
  url: string,
  options: { method?: string; body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<HttpOutcome> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: HttpOutcome) => {
      if (settled) return;
      settled = true;
      resolve(outcome);
    };
    let status: number | undefined;
    const req = http.request(
      url,
      {
        method: options.method ?? (payload ? 'POST' : 'GET'),
        // A connection per request: no keep-alive race (a request sent on a connection the server is closing).
        agent: false,
        headers: {
          connection: 'close',
          ...(payload
            ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) }
            : {}),
          ...options.headers,
        },
      },
      (res) => {
        status = res.statusCode ?? 0;
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => {
          if (res.complete) settle({ kind: 'response', status: status!, headers: res.headers, body });
          else settle({ kind: 'cut-off', code: 'incomplete', status: status! });
        });
        res.on('aborted', () => settle({ kind: 'cut-off', code: 'aborted', status: status! }));
        res.on('error', (error: NodeJS.ErrnoException) =>
          settle({ kind: 'cut-off', code: error.code ?? error.message, status: status! }),
        );
      },
    );
    req.setTimeout(options.timeoutMs ?? 30_000, () => {
      settle({ kind: 'timeout' });
      req.destroy();
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      const code = error.code ?? error.message;
      if (status !== undefined) settle({ kind: 'cut-off', code, status });
      else if (code === 'ECONNREFUSED') settle({ kind: 'refused', code });
      else settle({ kind: 'dropped', code });
    });
    req.end(payload);
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function registrationBody(email: string) {
  return { name: 'Deltager under last', email, libraryName: 'Testbibliotek', consent: true };
}

/** A port free on the loopback interface a moment ago. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}
