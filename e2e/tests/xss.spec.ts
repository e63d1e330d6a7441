import { createHash, randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import { deleteMeeting, expect, type ReceivedMail, test, uniqueEmail, waitForMail } from '../support/fixtures';
import { createOpenMeeting } from '../support/meetings';

/**
 * Stored cross-site scripting: every text a registrant can enter, filled with script payloads,
 * then shown back on every page and in every e-mail that displays it. A payload that ran would
 * open a dialog; one that only made it into the markup would load `/x` or trip the content
 * security policy. None of that may happen, and the text must read back exactly as typed.
 */
const payloads = {
  script: '<script>alert(1)</script>',
  attribute: '"><img src=x onerror=alert(1)>',
  url: 'javascript:alert(1)',
  svg: '<svg onload=alert(1)>',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-literal payload, as text.
  template: '${alert(1)}',
  angular: "{{constructor.constructor('alert(1)')()}}",
  breakout: "'-alert(1)-'",
  textarea: '</textarea><script>alert(1)</script>',
  iframe: '<iframe srcdoc="<script>parent.alert(1)</script>"></iframe>',
  link: '<a href="javascript:alert(1)">klik</a>',
};
const all = Object.values(payloads);

// Within each field's limit (name and job title 120, library 200, needs 500, comment 2000), one line where it must be.
const typed = {
  name: `Mette ${payloads.script} ${payloads.attribute} ${payloads.svg}`,
  libraryName: `Bibliotek ${payloads.angular} ${payloads.template} ${payloads.url} ${payloads.breakout}`,
  jobTitle: `Bibliotekar ${payloads.attribute} </title>${payloads.script}`,
  dietaryNeeds: [payloads.textarea, payloads.svg, payloads.template, payloads.angular].join('\n'),
  accessibilityNeeds: [payloads.iframe, payloads.link, payloads.url].join('\n'),
  comment: [...all, '<style>body{display:none}</style>', '[klik](javascript:alert(1))'].join('\n'),
};
const meetingTitle = `Møde ${payloads.attribute} ${payloads.angular}`;

/** Everything that would show a payload was more than text on this page. */
interface Watch {
  dialogs: string[];
  cspViolations: string[];
  pageErrors: string[];
  payloadRequests: string[];
}

async function watch(page: Page): Promise<Watch> {
  const seen: Watch = { dialogs: [], cspViolations: [], pageErrors: [], payloadRequests: [] };
  page.on('dialog', (dialog) => {
    seen.dialogs.push(`${dialog.type()}: ${dialog.message()} on ${page.url()}`);
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => seen.pageErrors.push(error.message));
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(message.text()))
      seen.cspViolations.push(message.text());
  });
  // `<img src=x>` that became markup fetches /x (relative to whatever page it is on).
  page.on('request', (request) => {
    if (/\/x(\?|$)/.test(new URL(request.url()).pathname)) seen.payloadRequests.push(request.url());
  });
  await page.exposeFunction('reportCspViolation', (violation: string) => seen.cspViolations.push(violation));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { reportCspViolation(text: string): void }).reportCspViolation(
        `${event.violatedDirective} blocked ${event.blockedURI} (${event.sample}) on ${document.location.href}`,
      );
    });
  });
  return seen;
}

/**
 * The policy violations a payload caused: all of them, but those of inline styles the app's own
 * e-mail template writes (sandboxed in the mailbox, the e-mail inherits the page's style-src 'self').
 */
function payloadViolations(seen: Watch, templateHtml?: string): string[] {
  const templateStyles = [...(templateHtml ?? '').matchAll(/ style="([^"]*)"/g)]
    .map((match) => match[1]!)
    .filter((style) => !/alert|<|>|url\(|expression/i.test(style))
    .map((style) => `'sha256-${createHash('sha256').update(style).digest('base64')}'`);
  return seen.cspViolations.filter(
    (violation) =>
      !(violation.includes("'style-src 'self''") && templateStyles.some((hash) => violation.includes(hash))),
  );
}

function expectNothingRan(seen: Watch, templateHtml?: string) {
  expect(seen.dialogs, 'dialogs opened').toEqual([]);
  expect(payloadViolations(seen, templateHtml), 'content security policy violations').toEqual([]);
  expect(seen.payloadRequests, 'requests made by payload markup').toEqual([]);
  expect(seen.pageErrors, 'errors on the page').toEqual([]);
}

function manageLinkIn(text: string): string {
  const link = /https?:\/\/\S+\/tilmelding\/[\w-]+#token=[\w-]+/.exec(text)?.[0];
  if (!link) throw new Error(`No manage link in:\n${text}`);
  return link;
}

const escapeHtml = (value: string) =>
  value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** The e-mail's HTML: no payload as markup, the name escaped, and nothing runs when a browser shows it without any CSP. */
async function expectHtmlEmailInert(page: Page, mail: ReceivedMail) {
  expect(mail.html, 'the e-mail has an HTML part').not.toBeNull();
  const html = mail.html!;
  for (const payload of [payloads.script, payloads.attribute, payloads.svg, '<img', '<svg', '<script']) {
    expect(html, `raw ${payload} in the HTML e-mail`).not.toContain(payload);
  }
  expect(html).toContain(escapeHtml(typed.name).replaceAll('"', '&quot;').slice(0, 40));
  const seen = await watch(page);
  await page.setContent(html, { waitUntil: 'load' });
  await expect(page.locator('body')).toContainText(typed.name);
  await expect(page.locator('body')).toContainText(meetingTitle);
  expect(seen.dialogs).toEqual([]);
  expect(seen.payloadRequests).toEqual([]);
}

test.describe('stored cross-site scripting', () => {
  test('the watch notices a payload that does get into the markup', async ({ page, context }) => {
    // Into the app's page: the policy blocks the handler, and says so; the image is fetched.
    const seen = await watch(page);
    await page.goto('/privatliv');
    await page.evaluate((html) => document.body.insertAdjacentHTML('beforeend', html), payloads.attribute);
    await expect.poll(() => seen.cspViolations.length).toBeGreaterThan(0);
    await expect.poll(() => seen.payloadRequests.length).toBeGreaterThan(0);
    // Without a policy (an e-mail in a browser), it runs.
    const bare = await context.newPage();
    const bareSeen = await watch(bare);
    await bare.setContent(payloads.attribute);
    await expect.poll(() => bareSeen.dialogs.length).toBeGreaterThan(0);
  });

  test('every text a registrant enters shows as text on every page and in every e-mail, and never runs', async ({
    page,
    context,
    db,
  }) => {
    const meeting = await createOpenMeeting(db, {
      title: meetingTitle,
      summary: `Resumé ${payloads.script}`,
      description: `${payloads.svg}\n${payloads.iframe}`,
      venueRoom: `Lokale ${payloads.attribute}`,
    });
    const email = uniqueEmail('xss');
    const seen = await watch(page);

    // The meeting page and the form.
    await page.goto(`/moeder/${meeting.slug}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(meetingTitle);
    const form = page.getByTestId('registration-form');
    await form.getByLabel('Navn').fill(typed.name);
    await form.getByLabel('E-mail').fill(email);
    await form.getByLabel('Bibliotek', { exact: true }).selectOption({ label: 'Andet bibliotek – skriv navnet' });
    await form.getByLabel('Bibliotekets navn').fill(typed.libraryName);
    await form.getByLabel(/^Stilling/).fill(typed.jobTitle);
    await form.getByLabel(/Hensyn til kosten/).fill(typed.dietaryNeeds);
    await form.getByLabel(/Hensyn til tilgængelighed/).fill(typed.accessibilityNeeds);
    await form.getByLabel(/^Kommentar/).fill(typed.comment);
    await form.getByLabel(/Jeg giver samtykke/).check();
    await page.getByTestId('registration-submit').click();

    // The confirmation.
    const confirmation = page.getByTestId('registration-confirmation');
    await expect(confirmation).toHaveAttribute('data-status', 'confirmed');
    await expect(confirmation).toContainText(meetingTitle);
    await expect(confirmation).toContainText(email);

    // The e-mail: subject and text as typed, HTML escaped.
    const mail = await waitForMail(email, /^Tilmelding bekræftet/);
    expect(mail.subject).toContain(meetingTitle);
    expect(mail.text).toContain(typed.name);
    const mailPage = await context.newPage();
    await expectHtmlEmailInert(mailPage, mail);
    await mailPage.close();

    // The manage page, through the e-mailed link: every field reads back exactly.
    await page.goto(manageLinkIn(mail.text));
    await expect(page.getByRole('heading', { level: 1, name: 'Din tilmelding' })).toBeVisible();
    await expect(page.locator('.facts dd').first()).toHaveText(typed.name);
    const manage = page.getByTestId('manage-form');
    await expect(manage.getByLabel('Bibliotekets navn')).toHaveValue(typed.libraryName);
    await expect(manage.getByLabel(/^Stilling/)).toHaveValue(typed.jobTitle);
    await expect(manage.getByLabel(/Hensyn til kosten/)).toHaveValue(typed.dietaryNeeds);
    await expect(manage.getByLabel(/Hensyn til tilgængelighed/)).toHaveValue(typed.accessibilityNeeds);
    await expect(manage.getByLabel(/^Kommentar/)).toHaveValue(typed.comment);

    // A change through the manage page is stored as typed too.
    const changed = `${payloads.iframe}\n${payloads.textarea}`;
    await manage.getByLabel(/^Kommentar/).fill(changed);
    await page.getByTestId('save-registration').click();
    await expect(page.getByTestId('manage-saved')).not.toBeEmpty();
    await page.reload();
    await expect(page.getByTestId('manage-form').getByLabel(/^Kommentar/)).toHaveValue(changed);

    // The meeting in the list of upcoming meetings on the front page.
    await page.goto('/');
    await expect(page.getByRole('link', { name: meetingTitle })).toBeVisible();

    expectNothingRan(seen);
  });

  test('the development mailbox shows such an e-mail as text, its HTML escaped and sandboxed', async ({ page, db }) => {
    // The e2e stack delivers over SMTP, so its mailbox is off: the page gets the e-mail that
    // really arrived over SMTP, as the mailbox API would hand it over.
    const meeting = await createOpenMeeting(db, { title: meetingTitle });
    const email = uniqueEmail('xss-postkasse');
    const response = await page.request.post(`/api/v1/meetings/${meeting.id}/registrations`, {
      data: { ...typed, email, consent: true, locale: 'da' },
    });
    expect(response.status()).toBe(201);
    const mail = await waitForMail(email, /^Tilmelding bekræftet/);
    const message = {
      id: randomUUID(),
      kind: 'registration_confirmed',
      to: email,
      toName: typed.name,
      locale: 'da',
      subject: mail.subject,
      status: 'sent',
      createdAt: new Date().toISOString(),
      sentAt: new Date().toISOString(),
      hasCalendar: true,
      text: mail.text,
      html: mail.html,
      ics: mail.attachments.find((attachment) => attachment.contentType.startsWith('text/calendar'))?.content ?? null,
      registrationId: null,
      meetingId: meeting.id,
      attempts: 1,
      lastError: null,
    };
    await page.route('**/api/dev/mailbox**', (route) => {
      const path = new URL(route.request().url()).pathname;
      const body = path.endsWith('/mailbox') ? { items: [message] } : message;
      return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(body) });
    });
    const seen = await watch(page);

    await page.goto('/dev/postkasse');
    await page.getByTestId('mailbox-item').getByRole('button', { name: mail.subject }).click();
    const shown = page.getByTestId('mailbox-message');
    await expect(shown.getByRole('heading', { level: 2 })).toHaveText(mail.subject);
    await expect(shown).toContainText(`${typed.name} <${email}>`);
    await expect(page.getByTestId('mailbox-text')).toContainText(typed.name);
    const frame = page.getByTestId('mailbox-html');
    await expect(frame).toHaveAttribute('sandbox', '');
    await expect(page.frameLocator('[data-testid="mailbox-html"]').locator('body')).toContainText(typed.name);

    expectNothingRan(seen, mail.html ?? '');
  });

  test('what a coordinator types in the dashboard shows as text there and on the public pages, and never runs', async ({
    page,
    browser,
    coordinator,
    db,
  }) => {
    const seen = await watch(page);
    await page.goto('/koordinator/log-ind');
    await page.getByLabel('E-mail').fill(coordinator.email);
    await page.getByLabel('Adgangskode').fill(coordinator.password);
    await page.getByRole('button', { name: 'Log ind' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Møder' })).toBeVisible();

    const title = `Møde ${payloads.script} ${payloads.attribute} ${Date.now().toString(36)}`;
    const form = page.getByTestId('new-meeting-form');
    const start = new Date(Date.now() + 20 * 86_400_000);
    const local = (hour: number) =>
      `${start.getFullYear()}-${String(start.getMonth() + 1).padStart(2, '0')}-${String(start.getDate()).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00`;
    await form.getByLabel('Titel').fill(title);
    await form.getByLabel('Starter').fill(local(9));
    await form.getByLabel('Slutter').fill(local(12));
    await form.getByLabel('Pladser').fill('10');
    await form.getByRole('button', { name: 'Opret som kladde' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
    const { rows } = await db.query<{ id: string; slug: string }>('SELECT id, slug FROM "Meeting" WHERE title = $1', [
      title,
    ]);
    const meeting = rows[0]!;
    try {
      await page.getByRole('button', { name: 'Åbn for tilmelding' }).click();
      await page.getByRole('button', { name: 'Aflys mødet' }).click();
      await page.getByLabel(/Begrundelse/).fill(`Syg ${payloads.svg} ${payloads.iframe}`);
      await page.getByRole('button', { name: 'Ja, aflys og skriv til alle tilmeldte' }).click();
      await expect(page.getByTestId('meeting-status')).toContainText('Aflyst');
      await page.goto('/koordinator');
      await expect(page.getByRole('link', { name: title })).toBeVisible();
      expectNothingRan(seen);

      // The public page of the cancelled meeting, with the reason, in a browser of staff.
      const staff = await browser.newContext();
      const staffPage = await staff.newPage();
      const staffSeen = await watch(staffPage);
      await staffPage.goto(`/moeder/${meeting.slug}`);
      await expect(staffPage.getByRole('heading', { level: 1 })).toHaveText(title);
      await expect(staffPage.getByTestId('registration-state')).toContainText(`Syg ${payloads.svg}`);
      expectNothingRan(staffSeen);
      await staff.close();
    } finally {
      await deleteMeeting(db, meeting.id);
    }
  });
});
