import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';
import pg from 'pg';
import { appUrl, e2eDatabaseUrl, mailboxUrl } from './constants';

export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
  html: string | null;
  attachments: Array<{ filename: string | null; contentType: string; content: string }>;
}

/** Waits until a mail to `address` whose subject matches arrives at the test SMTP receiver. */
export async function waitForMail(address: string, subject: RegExp, timeoutMs = 30_000): Promise<ReceivedMail> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const response = await fetch(`${mailboxUrl}/messages?to=${encodeURIComponent(address.toLowerCase())}`);
    const mails = (await response.json()) as ReceivedMail[];
    const match = mails.find((mail) => subject.test(mail.subject));
    if (match) return match;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`No mail to ${address} matching ${subject} within ${timeoutMs} ms`);
}

/** Unique addresses so tests never meet each other's registrations. */
export function uniqueEmail(name: string): string {
  return `${name}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@e2e.example`;
}

export async function expectNoSeriousA11yViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  const serious = results.violations.filter(
    (violation) => violation.impact === 'serious' || violation.impact === 'critical',
  );
  expect(
    serious.map(
      (violation) =>
        `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`,
    ),
  ).toEqual([]);
}

export interface TestMeeting {
  id: string;
  slug: string;
  title: string;
}

export interface MeetingOptions {
  title?: string;
  capacity?: number;
  /** The coordinator's choice: a place is held until confirmed from the e-mail. */
  confirmationRequired?: boolean;
  seatsPerLibrary?: number | null;
}

export interface TestCoordinator {
  email: string;
  password: string;
  name: string;
}

interface Fixtures {
  db: pg.Client;
  /** A coordinator of the test's own, made by the production CLI as an administrator would. */
  coordinator: TestCoordinator;
  /** Makes a meeting of the test's own, open for registration, at Roskilde Bibliotek, with an agenda. */
  createMeeting: (options?: MeetingOptions) => Promise<TestMeeting>;
}

/** Removes a test's meeting once its e-mails have gone out, so no other test sees it or its seats. */
async function removeMeeting(db: pg.Client, meetingId: string) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const { rows } = await db.query<{ unsent: number }>(
      `SELECT count(*)::int AS unsent FROM "OutboxEmail" WHERE "meetingId" = $1 AND status IN ('pending', 'sending')`,
      [meetingId],
    );
    if (rows[0]!.unsent === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await db.query('DELETE FROM "Meeting" WHERE id = $1', [meetingId]);
  await untilPublicPagesForget(meetingId);
}

/**
 * Waits until the app's public answers no longer show a meeting deleted behind its back (straight
 * from the database): its read cache serves an answer for up to READ_CACHE_TTL_MS, and the next
 * test must not find a meeting of this one on the network page.
 */
export async function untilPublicPagesForget(meetingId: string) {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const [network, upcoming] = await Promise.all([
      fetch(`${appUrl}/api/v1/network`).then((response) => response.text()),
      fetch(`${appUrl}/api/v1/meetings`).then((response) => response.text()),
    ]);
    if (!network.includes(meetingId) && !upcoming.includes(meetingId)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`The public pages still show meeting ${meetingId} 10 s after it was deleted`);
}

/** Deletes a meeting a test made through the dashboard, and waits until the public pages have let it go. */
export async function deleteMeeting(db: pg.Client, meetingId: string) {
  await db.query('DELETE FROM "Meeting" WHERE id = $1', [meetingId]);
  await untilPublicPagesForget(meetingId);
}

export const test = base.extend<Fixtures>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright's fixture signature.
  db: async ({}, use) => {
    const client = new pg.Client({ connectionString: e2eDatabaseUrl() });
    await client.connect();
    await use(client);
    await client.end();
  },

  coordinator: async ({ db }, use) => {
    const coordinator = {
      email: uniqueEmail('koordinator'),
      password: `korrekt hest batteri ${Math.random().toString(36).slice(2, 8)}`,
      name: 'Ane Koordinator',
    };
    const cli = fileURLToPath(new URL('../../apps/api/dist/coordinator.js', import.meta.url));
    const child = spawn(process.execPath, [cli, '--email', coordinator.email, '--name', coordinator.name], {
      env: { PATH: process.env.PATH, DATABASE_URL: e2eDatabaseUrl(), LOG_LEVEL: 'warn' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stdin.end(`${coordinator.password}\n`);
    const [code] = (await once(child, 'exit')) as [number | null];
    if (code !== 0) throw new Error(`coordinator:create failed (${code}):\n${output}`);
    await use(coordinator);
    await db.query('DELETE FROM "Coordinator" WHERE email = $1', [coordinator.email]);
  },

  createMeeting: async ({ db }, use) => {
    const created: string[] = [];
    await use(async ({ title, capacity = 30, confirmationRequired = false, seatsPerLibrary = null } = {}) => {
      const slug = `e2e-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
      const name = title ?? `Testmøde ${slug.slice(4)}`;
      const { rows } = await db.query<{ id: string }>(
        `INSERT INTO "Meeting" (id, slug, title, summary, status, "startsAt", "endsAt", "venueLibraryId", capacity,
           "waitlistEnabled", "registrationOpensAt", "registrationClosesAt", "confirmationRequired", "seatsPerLibrary",
           "updatedAt")
         VALUES (gen_random_uuid(), $1, $2, 'Et møde, som kun denne test bruger.', 'open',
           date_trunc('hour', now()) + interval '30 days', date_trunc('hour', now()) + interval '30 days 4 hours',
           (SELECT id FROM "Library" WHERE slug = 'roskilde-bibliotek'), $3, true,
           now() - interval '1 day', now() + interval '20 days', $4, $5, now())
         RETURNING id`,
        [slug, name, capacity, confirmationRequired, seatsPerLibrary],
      );
      const id = rows[0]!.id;
      created.push(id);
      await db.query(
        `INSERT INTO "AgendaItem" (id, "meetingId", position, "startsAt", "endsAt", title, kind, "updatedAt")
         SELECT gen_random_uuid(), m.id, item.n, m."startsAt" + item.starts, m."startsAt" + item.ends, item.title,
           item.kind::"AgendaItemKind", now()
         FROM "Meeting" m,
           (VALUES (0, interval '0', interval '15 minutes', 'Velkomst', 'welcome'),
                   (1, interval '15 minutes', interval '2 hours', 'Oplæg', 'talk'),
                   (2, interval '2 hours', interval '3 hours', 'Sparring og erfaringsudveksling', 'sparring'))
             AS item(n, starts, ends, title, kind)
         WHERE m.id = $1`,
        [id],
      );
      return { id, slug, title: name };
    });
    for (const id of created) await removeMeeting(db, id);
  },
});

export { expect };
