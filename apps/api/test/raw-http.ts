import { connect } from 'node:net';

export interface RawAnswer {
  /** Everything the server wrote before it closed the connection (or the wait ran out). */
  raw: string;
  /** The first response's status, headers (lower-cased names) and body; status 0 when none came. */
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Whether the server closed the connection, and how long after the first byte was sent. */
  closed: boolean;
  elapsedMs: number;
}

function parseResponse(raw: string): Pick<RawAnswer, 'status' | 'headers' | 'body'> {
  const end = raw.indexOf('\r\n\r\n');
  if (!raw.startsWith('HTTP/') || end < 0) return { status: 0, headers: {}, body: '' };
  const [statusLine, ...lines] = raw.slice(0, end).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const length = headers['content-length'] === undefined ? undefined : Number(headers['content-length']);
  const rest = Buffer.from(raw.slice(end + 4));
  const body = (length === undefined ? rest : rest.subarray(0, length)).toString();
  return { status: Number(statusLine!.split(' ')[1]), headers, body };
}

/**
 * Talks HTTP/1.1 to a listening server byte by byte, as `app.inject` cannot: sends `parts` over one
 * connection, `gapMs` apart (stopping when the server closes it), and reads until the server closes
 * the connection or `waitMs` has passed.
 */
export function rawExchange(
  port: number,
  parts: Array<string | Buffer>,
  options: { gapMs?: number; waitMs?: number } = {},
): Promise<RawAnswer> {
  const { gapMs = 0, waitMs = 5_000 } = options;
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    const started = Date.now();
    let closed = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = () => {
      clearTimeout(timer);
      clearTimeout(giveUp);
      socket.destroy();
      const raw = Buffer.concat(chunks).toString('latin1');
      resolve({ raw, ...parseResponse(raw), closed, elapsedMs: Date.now() - started });
    };
    const giveUp = setTimeout(finish, waitMs);
    socket.on('data', (chunk) => chunks.push(chunk));
    // A reset after the answer is how a server may drop a connection it refused.
    socket.on('error', () => {});
    socket.on('close', () => {
      closed = true;
      finish();
    });
    const send = (index: number) => {
      if (closed || socket.destroyed || index >= parts.length) return;
      socket.write(parts[index]!);
      timer = setTimeout(() => send(index + 1), gapMs);
    };
    socket.on('connect', () => send(0));
  });
}
