// Two API processes on one database behind one (simulated) load balancer, under a burst from
// several libraries: no overbooking, one rate limit for both, and each e-mail sent exactly once
// although both processes run the e-mail worker against the same SMTP server.
import { randomBytes } from 'node:crypto';
import { problemContentType } from '@bok/shared/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type DatabaseHandle } from '../../src/db/prisma';
import { messageIdFor } from '../../src/modules/emails/emails.delivery';
import { createMeeting } from '../factories';
import { type HttpOutcome, registrationBody, request, sleep } from '../http-client';
import { clusterUnavailableReason, usePostgresCluster } from '../postgres-cluster';
import { type ServerProcess, startServerProcess } from '../server-process';
import { type SmtpReceiver, startSmtpReceiver } from '../smtp-receiver';

const CONCURRENCY = 50;
const CAPACITY = 25;
/** Per address and minute, as REGISTRATION_RATE_LIMIT. */
const LIMIT = 20;
/** Libraries, each behind one address, sending more than the limit: half to each process. */
const ADDRESSES = 8;
const PER_ADDRESS = LIMIT + 10;

describe.skipIf(clusterUnavailableReason)(
  `two API processes on one database${clusterUnavailableReason ? ` (skipped: ${clusterUnavailableReason})` : ''}`,
  () => {
    const cluster = usePostgresCluster();
    let database: DatabaseHandle;
    let receiver: SmtpReceiver;
    const servers: ServerProcess[] = [];

    beforeAll(async () => {
      const url = await cluster().createDatabase('bok');
      database = createDatabase(url, 2);
      receiver = await startSmtpReceiver();
      const env = {
        SMTP_URL: receiver.url,
        REGISTRATION_RATE_LIMIT: String(LIMIT),
        // The test is the load balancer: it says which library a request comes from.
        TRUST_PROXY: '127.0.0.1',
      };
      servers.push(...(await Promise.all([startServerProcess(url, env), startServerProcess(url, env)])));
    });
    afterAll(async () => {
      for (const server of servers) await server.kill();
      await receiver?.close();
      await database?.close();
    });

    it('books no seat twice, shares the rate limit and sends each e-mail once', async () => {
      const meeting = await createMeeting(database.prisma, { capacity: CAPACITY });
      const run = randomBytes(4).toString('hex');
      // Interleaved: every library's requests alternate between the processes.
      const queue = Array.from({ length: ADDRESSES * PER_ADDRESS }, (_, n) => ({
        address: `198.51.100.${(n % ADDRESSES) + 1}`,
        server: servers[Math.floor(n / ADDRESSES) % 2]!,
        email: `two-${run}-${n}@test.example`,
      }));
      const results: Array<(typeof queue)[number] & { outcome: HttpOutcome }> = [];
      const client = async () => {
        for (let next = queue.shift(); next; next = queue.shift()) {
          const outcome = await request(`${next.server.url}/api/v1/meetings/${meeting.id}/registrations`, {
            body: registrationBody(next.email),
            headers: { 'x-forwarded-for': next.address },
          });
          results.push({ ...next, outcome });
        }
      };
      const began = Date.now();
      await Promise.all(Array.from({ length: CONCURRENCY }, client));
      const burstMs = Date.now() - began;

      const status = (entry: (typeof results)[number]) =>
        entry.outcome.kind === 'response' ? entry.outcome.status : entry.outcome.kind;
      const statuses = new Map<string, number>();
      for (const entry of results) statuses.set(String(status(entry)), (statuses.get(String(status(entry))) ?? 0) + 1);
      const acceptedPerAddress = new Map<string, number>();
      for (const entry of results.filter((item) => status(item) === 201)) {
        acceptedPerAddress.set(entry.address, (acceptedPerAddress.get(entry.address) ?? 0) + 1);
      }
      const acceptedPerProcess = servers.map(
        (server) => results.filter((entry) => entry.server === server && status(entry) === 201).length,
      );

      const rows = await database.prisma.registration.findMany({
        where: { meetingId: meeting.id },
        select: { status: true, waitlistPosition: true },
      });
      const confirmed = rows.filter((row) => row.status === 'confirmed').length;
      const positions = rows
        .filter((row) => row.status === 'waitlisted')
        .map((row) => row.waitlistPosition!)
        .sort((a, b) => a - b);

      // Both processes deliver; wait for the outbox to be settled, then a little longer.
      const outbox = () =>
        database.prisma.outboxEmail.findMany({
          where: { meetingId: meeting.id },
          select: { id: true, status: true, toAddress: true, kind: true },
        });
      let emails = await outbox();
      const deadline = Date.now() + 90_000;
      while (emails.some((email) => email.status !== 'sent') && Date.now() < deadline) {
        await sleep(500);
        emails = await outbox();
      }
      await sleep(3_000);
      const byMessageId = new Map(emails.map((email) => [messageIdFor(email.id), email]));
      const perRecipientAndKind = new Map<string, number>();
      for (const mail of receiver.received) {
        const email = mail.messageId ? byMessageId.get(mail.messageId) : undefined;
        if (!email) continue;
        const key = `${email.toAddress} ${email.kind}`;
        perRecipientAndKind.set(key, (perRecipientAndKind.get(key) ?? 0) + 1);
      }
      const duplicates = [...perRecipientAndKind].filter(([, count]) => count > 1);

      console.log(
        [
          'two processes, one database:',
          `  registrations attempted ${results.length} from ${ADDRESSES} addresses (limit ${LIMIT} each), ${CONCURRENCY} at a time, in ${burstMs} ms`,
          `  statuses ${JSON.stringify(Object.fromEntries(statuses))}; 201s per process ${JSON.stringify(acceptedPerProcess)}`,
          `  201s per address ${JSON.stringify([...acceptedPerAddress.values()])}`,
          `  in the database ${rows.length}: ${confirmed} confirmed of ${CAPACITY}, ${positions.length} waitlisted`,
          `  e-mails ${emails.length}, delivered ${perRecipientAndKind.size}, duplicates ${duplicates.length}`,
        ].join('\n'),
      );

      // Counts are per minute: a burst slower than that (a machine far too busy) would prove nothing.
      expect(burstMs, 'the burst fits in one rate-limit window').toBeLessThan(55_000);
      // Only 201 (within the limit) and 429 (beyond it); each address exactly at the limit, over both processes.
      expect(Object.fromEntries(statuses)).toEqual({
        201: ADDRESSES * LIMIT,
        429: ADDRESSES * (PER_ADDRESS - LIMIT),
      });
      expect([...acceptedPerAddress.values()]).toEqual(Array.from({ length: ADDRESSES }, () => LIMIT));
      expect(acceptedPerProcess.every((count) => count > 0)).toBe(true);
      const refused = results.find((entry) => status(entry) === 429)!.outcome as Extract<
        HttpOutcome,
        { kind: 'response' }
      >;
      expect(refused.headers['content-type']).toContain(problemContentType);
      expect(refused.headers['ratelimit-policy']).toBe(`"per-address";q=${LIMIT};w=60`);
      expect(String(refused.headers.ratelimit)).toMatch(/^"per-address";r=0;t=\d+$/);
      // No overbooking; the waitlist in order without gaps.
      expect(rows).toHaveLength(ADDRESSES * LIMIT);
      expect(confirmed).toBe(CAPACITY);
      expect(positions).toEqual(positions.map((_, index) => index + 1));
      // Each e-mail written once and delivered once.
      expect(emails).toHaveLength(rows.length);
      expect(emails.filter((email) => email.status !== 'sent')).toEqual([]);
      expect(perRecipientAndKind.size).toBe(emails.length);
      expect(duplicates).toEqual([]);
    }, 240_000);
  },
);
