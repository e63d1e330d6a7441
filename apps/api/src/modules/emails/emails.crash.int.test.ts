import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmailWorker, waitUntilNothingInHand } from '../../../test/email-worker';
import { createMeeting, createRegistration } from '../../../test/factories';
import { type SmtpReceiver, startSmtpReceiver } from '../../../test/smtp-receiver';
import { useTestDatabase } from '../../../test/test-database';
import { messageIdFor } from './emails.delivery';
import { enqueueRegistrationEmails } from './emails.outbox';
import type { EmailWorkerTuning } from './emails.worker';

const database = useTestDatabase();
const apiRoot = fileURLToPath(new URL('../../..', import.meta.url));
const childScript = fileURLToPath(new URL('../../../test/email-worker-process.ts', import.meta.url));
let receiver: SmtpReceiver;
const cleanup: Array<() => Promise<unknown> | unknown> = [];

beforeAll(async () => {
  receiver = await startSmtpReceiver();
});
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});
afterAll(async () => {
  await receiver?.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The worker in a child process, which the test can kill -9 mid-delivery. */
/** The killed worker's jobs carry this expiry, so the next worker takes them over within a test's patience. */
const deadWorkerExpirySeconds = 3;

function startChildWorker(tuning: Partial<EmailWorkerTuning>): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', childScript], {
    cwd: apiRoot,
    env: {
      ...process.env,
      WORKER_DATABASE_URL: database().url,
      WORKER_SMTP_URL: receiver.url,
      WORKER_TUNING: JSON.stringify(tuning),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  cleanup.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
  });
  child.on('exit', (code, signal) => {
    if (signal !== 'SIGKILL') throw new Error(`The child worker exited by itself (${code}):\n${output}`);
  });
  return child;
}

async function pendingConfirmation() {
  const db = database().prisma;
  const meeting = await createMeeting(db);
  const registration = await createRegistration(db, meeting.id);
  await enqueueRegistrationEmails(db, 'registration_confirmed', [
    { registrationId: registration.id, dedupeKey: `confirmed:${registration.id}` },
  ]);
  const row = await db.outboxEmail.findFirstOrThrow({ where: { registrationId: registration.id } });
  return { registration, row };
}

async function rowWhen(id: string, status: string) {
  for (let i = 0; i < 300; i++) {
    const row = await database().prisma.outboxEmail.findUniqueOrThrow({ where: { id } });
    if (row.status === status) return row;
    await sleep(100);
  }
  throw new Error(`outbox e-mail ${id} never became ${status}`);
}

describe('a worker killed in the middle of a delivery', () => {
  it('neither loses nor duplicates the e-mail: the next worker delivers it exactly once', async () => {
    const { registration, row } = await pendingConfirmation();
    const attemptsBefore = receiver.attempts;
    receiver.script('stall');
    const dataStarted = receiver.nextData();
    const child = startChildWorker({ expireInSeconds: deadWorkerExpirySeconds });
    await dataStarted; // the child is inside SMTP DATA and the server is not answering

    // Written before the first attempt: the retry sends this very text.
    const interrupted = await database().prisma.outboxEmail.findUniqueOrThrow({ where: { id: row.id } });
    expect(interrupted).toMatchObject({
      status: 'sending',
      attempts: 1,
      subject: expect.stringContaining('Tilmelding'),
    });
    expect(interrupted.renderedAt).not.toBeNull();
    child.kill('SIGKILL');
    await once(child, 'exit');
    expect(receiver.received.filter((mail) => mail.messageId === messageIdFor(row.id))).toHaveLength(0);

    // A fresh worker: pg-boss expires the dead worker's job and retries it here.
    const worker = await startTestEmailWorker(database(), { smtpUrl: receiver.url });
    cleanup.push(() => worker.stop());
    const sent = await rowWhen(row.id, 'sent');
    expect(sent).toMatchObject({ attempts: 2, subject: interrupted.subject, textBody: interrupted.textBody });
    expect(sent.renderedAt).toEqual(interrupted.renderedAt);
    await waitUntilNothingInHand(worker);
    const copies = receiver.received.filter((mail) => mail.messageId === messageIdFor(row.id));
    expect(copies).toHaveLength(1);
    expect(copies[0]!.subject).toBe(interrupted.subject);
    expect(receiver.attempts - attemptsBefore).toBe(2);
    expect(registration.email).toBe(
      (Array.isArray(copies[0]!.to) ? copies[0]!.to[0] : copies[0]!.to)?.value[0]?.address,
    );
  });

  it('marks the e-mail failed, saying so, when the worker died on the last attempt', async () => {
    const { row } = await pendingConfirmation();
    receiver.script('stall');
    const dataStarted = receiver.nextData();
    const child = startChildWorker({ retryLimit: 0, expireInSeconds: deadWorkerExpirySeconds });
    await dataStarted;
    child.kill('SIGKILL');
    await once(child, 'exit');

    const worker = await startTestEmailWorker(database(), { smtpUrl: receiver.url, tuning: { retryLimit: 0 } });
    cleanup.push(() => worker.stop());
    const failed = await rowWhen(row.id, 'failed');
    expect(failed.attempts).toBe(1);
    expect(failed.lastError).toMatch(/interrupted on its last attempt/);
    expect(receiver.received.filter((mail) => mail.messageId === messageIdFor(row.id))).toHaveLength(0);
    expect(
      worker.logger.entries.some((entry) => entry.message === 'e-mail delivery interrupted on its last attempt'),
    ).toBe(true);
  });
});
