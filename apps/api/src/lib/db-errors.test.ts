import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from './db-errors';

/** Shaped as Prisma 7 with @prisma/adapter-pg throws them (seen against a stopped and a killed server). */
function prismaError(code: string, driverAdapterCause?: Record<string, unknown>) {
  return Object.assign(new Error('Invalid `prisma.$queryRaw()` invocation'), {
    name: 'PrismaClientKnownRequestError',
    code,
    meta: driverAdapterCause ? { driverAdapterError: { name: 'DriverAdapterError', cause: driverAdapterCause } } : {},
  });
}

describe('isDatabaseUnavailable', () => {
  it('knows an unreachable, closed, timed-out or shutting-down database, however it is wrapped', () => {
    const unavailable = [
      // A transaction that cannot connect, and one whose server is not there.
      prismaError('P1001', { kind: 'DatabaseNotReachable', host: '127.0.0.1', port: 5432 }),
      prismaError('P1017', { kind: 'ConnectionClosed' }),
      prismaError('P2024'),
      // "Unable to start a transaction in the given time": no connection within maxWait.
      prismaError('P2028'),
      // Raw queries wrap the adapter's error in P2010.
      prismaError('P2010', { kind: 'DatabaseNotReachable', host: '127.0.0.1', port: 5432 }),
      prismaError('P2010', { kind: 'SocketTimeout' }),
      prismaError('P2010', { kind: 'postgres', code: '57P01', originalCode: '57P01', severity: 'FATAL' }),
      prismaError('P2010', { kind: 'postgres', code: '08006', originalCode: '08006', severity: 'ERROR' }),
      // node-postgres, passed on unwrapped when a connection drops mid-transaction.
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED', syscall: 'connect' }),
      new Error('wrapped', { cause: Object.assign(new Error('read ETIMEDOUT'), { code: 'ETIMEDOUT' }) }),
    ];
    for (const error of unavailable)
      expect([error.message, isDatabaseUnavailable(error)]).toEqual([error.message, true]);
  });

  it('leaves other failures alone: they are tried again one by one', () => {
    const others = [
      prismaError('P2002', { kind: 'UniqueConstraintViolation' }),
      prismaError('P2034', { kind: 'TransactionWriteConflict' }),
      prismaError('P2010', { kind: 'postgres', code: '40P01', originalCode: '40P01', severity: 'ERROR' }),
      prismaError('P2010', { kind: 'postgres', code: '22P02', originalCode: '22P02', severity: 'ERROR' }),
      new Error('A batch of 3 answered 2 items.'),
      'not an error',
      null,
      undefined,
    ];
    for (const error of others) expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it('does not loop on a cause that points back at itself', () => {
    const error: Error & { cause?: unknown } = new Error('odd');
    error.cause = error;
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
