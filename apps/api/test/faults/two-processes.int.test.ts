// Two API processes on one database behind one (simulated) load balancer: a coordinator's session
// valid on both (and ended on both at once), failed sign-ins counted across both, and under a burst
// from several libraries no overbooking, one rate limit for both, and each e-mail sent exactly once
// although both processes run the e-mail worker against the same SMTP server.
import { randomBytes } from 'node:crypto';
import { problemContentType } from '@bok/shared/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type DatabaseHandle } from '../../src/db/prisma';
import { messageIdFor } from '../../src/modules/emails/emails.delivery';
import { createCoordinator } from '../auth';
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
/** LOGIN_FAILURES_PER_ACCOUNT for this test. */
const LOGIN_FAILURES = 4;

const json = (body: unknown) => JSON.parse(String((body as { body?: string }).body ?? 'null'));

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
        LOGIN_FAILURES_PER_ACCOUNT: String(LOGIN_FAILURES),
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

    it('keeps a session valid on both processes, ends it on both at once, and counts failed sign-ins across both', async () => {
      const [a, b] = servers as [ServerProcess, ServerProcess];
      const coordinator = await createCoordinator(database.prisma);
      const login = await request(`${a.url}/api/v1/auth/login`, {
        body: { email: coordinator.email, password: coordinator.password },
      });
      expect(login).toMatchObject({ kind: 'response', status: 200 });
      const { csrfToken } = json(login) as { csrfToken: string };
      const setCookie = (login as Extract<HttpOutcome, { kind: 'response' }>).headers['set-cookie']!;
      const cookie = setCookie.map((line) => line.split(';')[0]).join('; ');
      const meeting = await createMeeting(database.prisma, { capacity: 10 });

      // Signed in on A, recognised on B; a change through B with the CSRF token A gave.
      const onB = await request(`${b.url}/api/v1/auth/session`, { headers: { cookie } });
      expect(onB).toMatchObject({ kind: 'response', status: 200 });
      expect(json(onB)).toMatchObject({ coordinator: { email: coordinator.email } });
      const changed = await request(`${b.url}/api/v1/meetings/${meeting.id}`, {
        method: 'PATCH',
        body: { capacity: 12 },
        headers: { cookie, 'x-csrf-token': csrfToken },
      });
      expect(changed).toMatchObject({ kind: 'response', status: 200 });
      const withoutCsrf = await request(`${a.url}/api/v1/meetings/${meeting.id}`, {
        method: 'PATCH',
        body: { capacity: 14 },
        headers: { cookie },
      });
      expect(withoutCsrf).toMatchObject({ kind: 'response', status: 403 });

      // Signed out on B: refused on A from the next request on.
      const logout = await request(`${b.url}/api/v1/auth/logout`, {
        method: 'POST',
        headers: { cookie, 'x-csrf-token': csrfToken },
      });
      expect(logout).toMatchObject({ kind: 'response' });
      expect((logout as Extract<HttpOutcome, { kind: 'response' }>).status).toBeLessThan(300);
      expect(await request(`${a.url}/api/v1/auth/session`, { headers: { cookie } })).toMatchObject({
        kind: 'response',
        status: 401,
      });

      // Wrong passwords alternating between the processes: the account's limit is one count.
      const attempts = [];
      for (let n = 0; n < LOGIN_FAILURES + 2; n++) {
        const server = n % 2 === 0 ? a : b;
        const outcome = await request(`${server.url}/api/v1/auth/login`, {
          body: { email: coordinator.email, password: 'ikke det rigtige kodeord' },
          headers: { 'x-forwarded-for': `203.0.113.${n + 1}` },
        });
        attempts.push(outcome.kind === 'response' ? outcome.status : outcome.kind);
      }
      console.log(`two processes: a session across both; failed sign-ins alternating ${JSON.stringify(attempts)}`);
      expect(attempts).toEqual([
        ...Array.from({ length: LOGIN_FAILURES }, () => 401),
        ...Array.from({ length: 2 }, () => 429),
      ]);
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

      // Both processes deliver; wait for the outbox to be settled.
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
      // Then stop both as a process manager would: once they have exited, whatever either had in hand
      // is done, and any second delivery would be at the receiver.
      const stopped = await Promise.all(servers.map((server) => server.stop()));
      expect(stopped.map((exit) => exit.code)).toEqual([0, 0]);
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
