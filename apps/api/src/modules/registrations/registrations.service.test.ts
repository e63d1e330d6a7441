import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDatabase, type DatabaseHandle } from '../../db/prisma';
import { AppError } from '../../lib/app-error';
import { testConfig } from '../../lib/config';
import { registrationsService } from './registrations.service';

/** A port nothing listens on: connecting is refused, as when the database server is down. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let database: DatabaseHandle;
beforeAll(async () => {
  database = createDatabase(`postgresql://postgres@127.0.0.1:${await closedPort()}/postgres`, 2);
});
afterAll(async () => {
  await database?.close();
});

describe('registrations when the database is down', () => {
  it('answers every registration of the batch at once with 503, without trying them one by one', async () => {
    const warnings: string[] = [];
    const service = registrationsService(database.prisma, testConfig, {
      logger: {
        warn: (_data: unknown, message?: string) => {
          warnings.push(message ?? '');
        },
        info: () => {},
      },
    });
    const transactions = vi.spyOn(database.prisma, '$transaction');
    const meetingId = randomUUID();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, index) =>
        service.register(meetingId, {
          name: 'Mette Tew',
          email: `person-${index}@test.example`,
          libraryName: 'Køge Bibliotekerne',
          consent: true,
          locale: 'da',
        }),
      ),
    );
    const errors = outcomes.map((outcome) => (outcome.status === 'rejected' ? outcome.reason : outcome.value));
    for (const error of errors) {
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: 'service_unavailable', status: 503, headers: { 'retry-after': '30' } });
    }
    // One batch, one transaction: none of them was tried again alone, each waiting out the outage.
    expect(transactions).toHaveBeenCalledTimes(1);
    expect(warnings).toEqual(['registration batch failed: database unavailable; all answered 503']);
  });
});
