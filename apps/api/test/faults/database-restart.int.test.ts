// PostgreSQL stopped and started again in the middle of a registration burst, against a listening
// app: nothing answered 201 is lost, nothing is half-written, the API says 503 (never 500) while
// the database is away, and it recovers by itself.
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { problemContentType } from '@bok/shared/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, listenBacklog } from '../../src/app';
import { createDatabase, type DatabaseHandle } from '../../src/db/prisma';
import { testConfig } from '../../src/lib/config';
import { createMeeting } from '../factories';
import { type HttpOutcome, registrationBody, request, sleep } from '../http-client';
import { clusterUnavailableReason, usePostgresCluster } from '../postgres-cluster';

const CONCURRENCY = 50;
const CAPACITY = 40;
/** Load before the database goes away, the pause while it is stopped, and load after it is back. */
const LOAD_BEFORE_MS = 2_500;
const DOWN_MS = 4_000;
const LOAD_AFTER_MS = 2_500;
/** However slow the machine, the burst ends by then. */
const HARD_STOP_MS = 45_000;

interface Sent {
  email: string;
  startedAt: number;
  outcome: HttpOutcome;
}

describe.skipIf(clusterUnavailableReason)(
  `PostgreSQL restarted during a registration burst${clusterUnavailableReason ? ` (skipped: ${clusterUnavailableReason})` : ''}`,
  () => {
    const cluster = usePostgresCluster();
    let database: DatabaseHandle;
    let app: Awaited<ReturnType<typeof buildApp>>;
    let base: string;

    beforeAll(async () => {
      const url = await cluster().createDatabase('bok');
      database = createDatabase(url, 10);
      app = await buildApp({ prisma: database.prisma, config: { ...testConfig, registrationRateLimit: 1_000_000 } });
      await app.listen({ port: 0, host: '127.0.0.1', backlog: listenBacklog });
      base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await app?.close();
      await database?.close();
    });

    it('loses no 201, half-writes nothing, answers 503 while it is away and recovers by itself', async () => {
      const meeting = await createMeeting(database.prisma, { capacity: CAPACITY });
      const url = `${base}/api/v1/meetings/${meeting.id}/registrations`;
      const run = randomBytes(4).toString('hex');
      const sent: Sent[] = [];
      const health: Array<{ sentAt: number; at: number; status: number | string }> = [];
      const began = Date.now();
      let stopAt = began + HARD_STOP_MS;
      let n = 0;

      // 50 registrations in flight at all times, each on a connection of its own.
      const client = async () => {
        while (Date.now() < stopAt) {
          const email = `restart-${run}-${n++}@test.example`;
          const startedAt = Date.now();
          const outcome = await request(url, { body: registrationBody(email) });
          sent.push({ email, startedAt, outcome });
          // A client told to come back later does not hammer at once (Retry-After says 30 s; a test cannot wait that long).
          if (outcome.kind === 'response' && outcome.status === 503) await sleep(100);
        }
      };
      const probe = async () => {
        while (Date.now() < stopAt) {
          const sentAt = Date.now();
          const outcome = await request(`${base}/api/health`, { timeoutMs: 10_000 });
          health.push({ sentAt, at: Date.now(), status: outcome.kind === 'response' ? outcome.status : outcome.kind });
          await sleep(100);
        }
      };
      const load = Promise.all([...Array.from({ length: CONCURRENCY }, client), probe()]);

      await sleep(LOAD_BEFORE_MS);
      const stoppedAt = Date.now();
      await cluster().stop('fast');
      const downAt = Date.now();
      await sleep(DOWN_MS);
      const startingAt = Date.now();
      await cluster().start();
      const upAt = Date.now();
      // Back when the app has answered a health check and a registration with success again.
      const recovered = async () => {
        for (;;) {
          const healthy = health.find((probe) => probe.at > upAt && probe.status === 200);
          const registered = sent.find((entry) => entry.startedAt > upAt && answer(entry)?.status === 201);
          if (healthy && registered) return { healthyAt: healthy.at, registeredAt: registered.startedAt };
          if (Date.now() > stopAt) throw new Error('the API did not recover after the database came back');
          await sleep(50);
        }
      };
      const { healthyAt } = await recovered();
      stopAt = Math.min(stopAt, Date.now() + LOAD_AFTER_MS);
      await load;

      // What the clients saw.
      const responses = sent.map(answer).filter((response) => response !== undefined);
      const failures = sent.filter((entry) => entry.outcome.kind !== 'response');
      const statuses = new Map<number, number>();
      for (const response of responses) statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      const created = responses.filter((response) => response.status === 201);
      const unavailable = responses.filter((response) => response.status === 503);

      // What the database holds.
      const rows = await database.prisma.registration.findMany({
        where: { meetingId: meeting.id },
        select: { id: true, email: true, status: true, waitlistPosition: true },
      });
      const emails = await database.prisma.outboxEmail.findMany({
        where: { meetingId: meeting.id },
        select: { registrationId: true, kind: true },
      });
      const byId = new Map(rows.map((row) => [row.id, row]));
      const lost = created.filter((response) => byId.get(JSON.parse(response.body).id)?.email === undefined);
      const answeredEmails = new Set(
        sent.filter((entry) => answer(entry)?.status === 201).map((entry) => entry.email.toLowerCase()),
      );
      // Committed, but the answer was lost with the connection: the client was told 503 (its retry is a 202).
      const committedUnanswered = rows.filter((row) => !answeredEmails.has(row.email.toLowerCase()));
      const withoutEmail = rows.filter(
        (row) =>
          !emails.some(
            (email) =>
              email.registrationId === row.id &&
              email.kind === (row.status === 'confirmed' ? 'registration_confirmed' : 'registration_waitlisted'),
          ),
      );
      const confirmed = rows.filter((row) => row.status === 'confirmed').length;
      const positions = rows
        .filter((row) => row.status === 'waitlisted')
        .map((row) => row.waitlistPosition)
        .sort((a, b) => a! - b!);
      // Asked and answered while the server was stopped (on a busy machine a probe can take a second).
      const healthWhileDown = health.filter((probe) => probe.sentAt >= downAt && probe.at < startingAt);

      console.log(
        [
          'database restart during a burst:',
          `  registrations attempted ${sent.length} (${CONCURRENCY} at a time), statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
          `  201s ${created.length}, 503s ${unavailable.length}, no answer ${failures.length} ${JSON.stringify(failures.map((entry) => entry.outcome.kind))}`,
          `  lost 201s ${lost.length}; committed but answered 503 ${committedUnanswered.length}; without their e-mail ${withoutEmail.length}`,
          `  in the database ${rows.length}: ${confirmed} confirmed of ${CAPACITY}, ${positions.length} waitlisted`,
          `  stop took ${downAt - stoppedAt} ms, down for ${startingAt - downAt} ms, start took ${upAt - startingAt} ms; ` +
            `health 200 again ${healthyAt - upAt} ms after the start; restart downtime ${healthyAt - stoppedAt} ms`,
          `  health while down: ${JSON.stringify([...new Set(healthWhileDown.map((probe) => probe.status))])}`,
        ].join('\n'),
      );

      // Every request was answered, and only with 201 or 503.
      expect(failures).toEqual([]);
      expect([...statuses.keys()].sort()).toEqual([201, 503]);
      for (const response of unavailable) {
        expect(response.headers['content-type']).toContain(problemContentType);
        expect(JSON.parse(response.body)).toMatchObject({ code: 'service_unavailable', status: 503 });
        expect(Number(response.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      }
      // Nothing answered 201 is lost; nothing is half-written.
      expect(lost).toEqual([]);
      expect(withoutEmail).toEqual([]);
      expect(emails.filter((email) => !byId.has(email.registrationId ?? ''))).toEqual([]);
      expect(confirmed).toBe(Math.min(CAPACITY, rows.length));
      expect(positions).toEqual(positions.map((_, index) => index + 1));
      // While the database was away, health said so.
      expect(healthWhileDown.length).toBeGreaterThan(0);
      expect(healthWhileDown.every((probe) => probe.status === 503)).toBe(true);
      expect(health.at(-1)?.status).toBe(200);
    });
  },
);

function answer(entry: Sent) {
  return entry.outcome.kind === 'response' ? entry.outcome : undefined;
}
