/**
 * Prisma's codes for "the database cannot be reached or did not answer in time": not reachable
 * (P1001), timed out reaching it (P1002) or on the socket (P1008), TLS (P1011), connection closed
 * (P1017), no pooled connection in time (P2024; P2028 is the driver adapter's "unable to start a
 * transaction in the given time"), too many connections (P2037).
 */
const unavailablePrismaCodes = new Set(['P1001', 'P1002', 'P1008', 'P1011', 'P1017', 'P2024', 'P2028', 'P2037']);
/** The pg driver adapter's error kinds for the same (they come wrapped in P2010 from raw queries). */
const unavailableAdapterKinds = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TlsConnectionError',
  'TooManyConnections',
]);
/** Node's socket errors, which node-postgres passes on. */
const unavailableSocketCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
/**
 * SQLSTATEs: class 08 (connection exception); the server shutting down or starting up (57P01,
 * 57P02, 57P03); too many connections (53300).
 */
const unavailableSqlStates = /^(08[0-9A-Z]{3}|57P0[123]|53300)$/;
/** node-postgres throws these without a code when a connection drops or cannot be had in time. */
const unavailableDriverMessages =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/;

/**
 * Whether an error means the database is unavailable (down, unreachable, or not answering in time)
 * rather than that something was wrong with the work: then trying again at once, item by item,
 * only makes everyone wait longer. Looks through Prisma's wrapping, the driver adapter's error
 * and `cause` chains.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const pending: unknown[] = [error];
  while (pending.length) {
    const current = pending.pop();
    if (typeof current !== 'object' || current === null || seen.has(current)) continue;
    seen.add(current);
    const { code, kind, originalCode, message, meta, cause } = current as Record<string, unknown>;
    if (typeof code === 'string') {
      if (unavailablePrismaCodes.has(code) || unavailableSocketCodes.has(code) || unavailableSqlStates.test(code)) {
        return true;
      }
    }
    if (typeof kind === 'string' && unavailableAdapterKinds.has(kind)) return true;
    if (typeof originalCode === 'string' && unavailableSqlStates.test(originalCode)) return true;
    if (typeof message === 'string' && unavailableDriverMessages.test(message)) return true;
    if (typeof meta === 'object' && meta !== null) pending.push((meta as Record<string, unknown>).driverAdapterError);
    pending.push(cause);
  }
  return false;
}

/** A short reason for a log line: the first message in the chain that says something. */
export function describeUnavailable(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    const { code, message, cause } = current as Record<string, unknown>;
    if (typeof message === 'string' && message.trim()) {
      const firstLine = message.trim().split('\n')[0]!.slice(0, 200);
      return typeof code === 'string' ? `${code}: ${firstLine}` : firstLine;
    }
    current = cause;
  }
  return String(error);
}
