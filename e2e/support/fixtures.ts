import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';
import pg from 'pg';
import { e2eDatabaseUrl, mailboxUrl } from './constants';

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

interface Fixtures {
  db: pg.Client;
}

export const test = base.extend<Fixtures>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright's fixture signature.
  db: async ({}, use) => {
    const client = new pg.Client({ connectionString: e2eDatabaseUrl() });
    await client.connect();
    await use(client);
    await client.end();
  },
});

export { expect };
