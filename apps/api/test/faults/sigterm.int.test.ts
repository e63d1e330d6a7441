// The real server gets SIGTERM under a registration load: requests in flight are answered, it exits
// 0 within its grace period, and the next process delivers the e-mails it left, none twice.
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type DatabaseHandle } from '../../src/db/prisma';
import { messageIdFor } from '../../src/modules/emails/emails.delivery';
import { createMeeting } from '../factories';
import { type HttpOutcome, registrationBody, request, sleep } from '../http-client';
import { clusterUnavailableReason, usePostgresCluster } from '../postgres-cluster';
import { type ServerProcess, startServerProcess } from '../server-process';
import { type SmtpReceiver, startSmtpReceiver } from '../smtp-receiver';

const CONCURRENCY = 50;
/**
 * Each client's pause between requests: the load is paced, so how many registrations (and e-mails
 * for the next process to send) it makes does not grow with the speed of the machine.
 */
const THINK_MS = 400;
const LOAD_BEFORE_MS = 2_500;
/** server.ts: closeWithGrace({ delay: 10_000 }). */
const GRACE_MS = 10_000;
/** SHUTDOWN_DRAIN_MS: answering on after the signal, before the listener goes. */
const DRAIN_MS = 1_500;

interface Sent {
  email: string;
  startedAt: number;
  endedAt: number;
  outcome: HttpOutcome;
}

describe.skipIf(clusterUnavailableReason)(
  `SIGTERM during a registration load${clusterUnavailableReason ? ` (skipped: ${clusterUnavailableReason})` : ''}`,
  () => {
    const cluster = usePostgresCluster();
    let url: string;
    let database: DatabaseHandle;
    let receiver: SmtpReceiver;
    const servers: ServerProcess[] = [];

    beforeAll(async () => {
      url = await cluster().createDatabase('bok');
      database = createDatabase(url, 2);
      receiver = await startSmtpReceiver();
    });
    afterEach(async () => {
      for (const server of servers.splice(0)) await server.kill();
    });
    afterAll(async () => {
      await receiver?.close();
      await database?.close();
    });

    it('answers what is in flight, exits 0 in time, and the next process sends every e-mail exactly once', async () => {
      const meeting = await createMeeting(database.prisma, { capacity: 40 });
      const smtp = { SMTP_URL: receiver.url, REGISTRATION_RATE_LIMIT: '1000000' };
      const first = await startServerProcess(url, { ...smtp, SHUTDOWN_DRAIN_MS: String(DRAIN_MS) });
      servers.push(first);
      const target = `${first.url}/api/v1/meetings/${meeting.id}/registrations`;
      const run = randomBytes(4).toString('hex');
      const sent: Sent[] = [];
      let stopping = false;
      let n = 0;
      // At the signal every client sends at once, so requests are certainly in flight when it lands.
      let burst = () => {};
      const burstStarted = new Promise<void>((resolve) => {
        burst = resolve;
      });

      const client = async () => {
        let burstDone = false;
        while (!stopping) {
          const email = `sigterm-${run}-${n++}@test.example`;
          const startedAt = Date.now();
          const outcome = await request(target, { body: registrationBody(email), timeoutMs: GRACE_MS + 5_000 });
          sent.push({ email, startedAt, endedAt: Date.now(), outcome });
          // Nothing listens any more: this client is done.
          if (outcome.kind === 'refused') return;
          const woken = await Promise.race([
            sleep(THINK_MS).then(() => false),
            ...(burstDone ? [] : [burstStarted.then(() => true)]),
          ]);
          if (woken) burstDone = true;
        }
      };
      const load = Promise.all(Array.from({ length: CONCURRENCY }, client));
      await sleep(LOAD_BEFORE_MS);

      // An e-mail in the middle of its delivery at the signal: the SMTP server takes it and never answers.
      receiver.script('stall');
      const stalled = receiver.nextData();
      await Promise.race([
        stalled,
        sleep(20_000).then(() => {
          throw new Error('no e-mail delivery started within 20 s');
        }),
      ]);
      burst();
      // Every client has woken and sent its request (after the microtasks, before any answer).
      await new Promise((resolve) => setImmediate(resolve));
      const signalledAt = Date.now();
      first.child.kill('SIGTERM');
      // While it drains, health tells a load balancer to go elsewhere.
      const health = await request(`${first.url}/api/health`, { timeoutMs: DRAIN_MS });
      const exit = await first.exited;
      stopping = true;
      await load;

      const outcomes = new Map<string, number>();
      for (const entry of sent) {
        const label = entry.outcome.kind === 'response' ? String(entry.outcome.status) : entry.outcome.kind;
        outcomes.set(label, (outcomes.get(label) ?? 0) + 1);
      }
      const inFlightAtSignal = sent.filter((entry) => entry.startedAt <= signalledAt && entry.endedAt > signalledAt);
      const registrations = await database.prisma.registration.findMany({
        where: { meetingId: meeting.id },
        select: { id: true, email: true },
      });
      const registered = new Set(registrations.map((row) => row.email.toLowerCase()));
      // Connected but never answered: only acceptable for a request the app never took in.
      const dropped = sent.filter((entry) => entry.outcome.kind === 'dropped');
      const droppedButRegistered = dropped.filter((entry) => registered.has(entry.email));
      const unavailable = sent.flatMap((entry) =>
        entry.outcome.kind === 'response' && entry.outcome.status === 503 ? [entry.outcome] : [],
      );
      const droppedCodes = [...new Set(dropped.map((entry) => (entry.outcome as { code: string }).code))];

      // The next process on the same database, with the same SMTP server.
      const secondStartedAt = Date.now();
      const second = await startServerProcess(url, smtp);
      servers.push(second);
      const outbox = () =>
        database.prisma.outboxEmail.findMany({
          where: { meetingId: meeting.id },
          select: { id: true, status: true, attempts: true, toAddress: true, kind: true },
        });
      const deadline = Date.now() + 150_000; // the interrupted one is retried after pg-boss's backoff (30–60 s)
      let rows = await outbox();
      while (rows.some((row) => row.status !== 'sent') && Date.now() < deadline) {
        await sleep(500);
        rows = await outbox();
      }
      const allSentAt = Date.now();
      await sleep(3_000); // sweeps, polls and maintenance: nothing more may go out
      const byMessageId = new Map(rows.map((row) => [messageIdFor(row.id), row]));
      const perRecipientAndKind = new Map<string, number>();
      for (const mail of receiver.received) {
        const row = mail.messageId ? byMessageId.get(mail.messageId) : undefined;
        if (!row) continue;
        const key = `${row.toAddress} ${row.kind}`;
        perRecipientAndKind.set(key, (perRecipientAndKind.get(key) ?? 0) + 1);
      }
      const duplicates = [...perRecipientAndKind].filter(([, count]) => count > 1);
      const retried = rows.filter((row) => row.attempts > 1);

      console.log(
        [
          'SIGTERM under load:',
          `  registrations attempted ${sent.length} (${CONCURRENCY} clients, ${THINK_MS} ms apart, all at once at the signal), outcomes ${JSON.stringify(Object.fromEntries(outcomes))}`,
          `  in flight at the signal ${inFlightAtSignal.length}, all answered: ${inFlightAtSignal.every((entry) => entry.outcome.kind === 'response')}`,
          `  dropped before an answer ${dropped.length} (of them registered: ${droppedButRegistered.length}); codes ${JSON.stringify(droppedCodes)}; 503s ${unavailable.length}`,
          `  health while draining ${health.kind === 'response' ? health.status : health.kind}; exit code ${exit.code} (signal ${exit.signal}) ${exit.at - signalledAt} ms after SIGTERM (drain ${DRAIN_MS} ms, grace ${GRACE_MS} ms)`,
          `  registrations ${registrations.length}, e-mails ${rows.length}: delivered ${perRecipientAndKind.size} ` +
            `(all sent ${((allSentAt - secondStartedAt) / 1000).toFixed(1)} s after the second process started), ` +
            `retried by the next process ${retried.length}, duplicates ${duplicates.length}`,
        ].join('\n'),
      );

      // The process ended by itself, cleanly, within its grace period.
      expect(exit).toMatchObject({ code: 0, signal: null });
      expect(exit.at - signalledAt).toBeLessThan(GRACE_MS);
      // Every request was answered (2xx, 4xx or 503) or refused at connect; none was cut off.
      for (const entry of sent) {
        if (entry.outcome.kind === 'response') {
          const { status } = entry.outcome;
          expect(status === 503 || (status >= 200 && status < 500), `status ${status}`).toBe(true);
        } else {
          expect(['refused', 'dropped'], `${entry.outcome.kind} for ${entry.email}`).toContain(entry.outcome.kind);
        }
      }
      // Arriving while it closed: 503 problem+json with Retry-After, like any unavailability.
      for (const response of unavailable) {
        expect(response.headers['content-type']).toContain('application/problem+json');
        expect(Number(response.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      }
      expect(inFlightAtSignal.length).toBeGreaterThan(0);
      // Sent before the signal: answered, none reset (the drain reads what was accepted).
      expect(inFlightAtSignal.filter((entry) => entry.outcome.kind !== 'response')).toEqual([]);
      expect(health).toMatchObject({ kind: 'response', status: 503 });
      expect(droppedButRegistered).toEqual([]);
      expect(sent.some((entry) => entry.outcome.kind === 'refused')).toBe(true);
      // Every 201 is in the database.
      const created = sent.filter((entry) => entry.outcome.kind === 'response' && entry.outcome.status === 201);
      expect(created.filter((entry) => !registered.has(entry.email))).toEqual([]);
      // Each registration's e-mail sent exactly once; the interrupted one by the next process.
      expect(rows).toHaveLength(registrations.length);
      expect(rows.filter((row) => row.status !== 'sent')).toEqual([]);
      expect(perRecipientAndKind.size).toBe(rows.length);
      expect(duplicates).toEqual([]);
      expect(retried.length).toBeGreaterThanOrEqual(1);
    }, 300_000);
  },
);
