import ICAL from 'ical.js';
import {
  deleteMeeting,
  expect,
  expectNoSeriousA11yViolations,
  test,
  uniqueEmail,
  waitForMail,
} from '../support/fixtures';
import { register } from '../support/registration';
import { signIn } from '../support/sign-in';

/** The calendar in an e-mail's invitation. */
function calendarIn(mail: { attachments: Array<{ contentType: string; content: string }> }) {
  const invitation = mail.attachments.find((attachment) => attachment.contentType.startsWith('text/calendar'));
  expect(invitation).toBeDefined();
  const calendar = new ICAL.Component(ICAL.parse(invitation!.content));
  const event = calendar.getFirstSubcomponent('vevent')!;
  return {
    method: calendar.getFirstPropertyValue('method'),
    sequence: Number(event.getFirstPropertyValue('sequence') ?? 0),
    start: (event.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString(),
  };
}

/** What a coordinator types into `datetime-local` (Copenhagen's wall clock): some days ahead, at the hour given. */
function localInput(daysAhead: number, hour: number): string {
  const date = new Date(Date.now() + daysAhead * 86_400_000);
  date.setHours(hour, 0, 0, 0);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:00`;
}

test.describe('the coordinator’s dashboard', () => {
  test('sign in, create a meeting, open it with confirmation from the e-mail; staff see the rule', async ({
    page,
    browser,
    coordinator,
    db,
  }) => {
    await page.goto('/koordinator');
    // Not signed in: the sign-in page.
    await expect(page).toHaveURL(/\/koordinator\/log-ind$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Log ind som koordinator' })).toBeVisible();
    await expectNoSeriousA11yViolations(page);

    await page.getByLabel('E-mail').fill(coordinator.email);
    await page.getByLabel('Adgangskode').fill('forkert adgangskode her');
    await page.getByRole('button', { name: 'Log ind' }).click();
    await expect(page.getByTestId('sign-in-error')).toContainText('Forkert e-mail eller adgangskode.');
    await page.getByLabel('Adgangskode').fill(coordinator.password);
    await page.getByRole('button', { name: 'Log ind' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Møder' })).toBeVisible();
    await expectNoSeriousA11yViolations(page);

    const title = `Brugerrejser ${Date.now().toString(36)}`;
    const form = page.getByTestId('new-meeting-form');
    await form.getByLabel('Titel').fill(title);
    await form.getByLabel('Starter').fill(localInput(14, 9));
    await form.getByLabel('Slutter').fill(localInput(14, 13));
    await form.getByLabel('Pladser').fill('20');
    // This one starts empty; the standing agenda has its own test.
    await form.getByLabel('Begynd med den faste dagsorden').uncheck();
    await form.getByRole('button', { name: 'Opret som kladde' }).click();

    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(page.getByTestId('meeting-status')).toContainText('Kladde');
    await expectNoSeriousA11yViolations(page);
    const { rows } = await db.query<{ id: string; slug: string }>('SELECT id, slug FROM "Meeting" WHERE title = $1', [
      title,
    ]);
    const meeting = rows[0]!;

    try {
      // The registration rules, then open it.
      const settings = page.getByTestId('meeting-settings');
      await settings.getByLabel('Deltagerne skal bekræfte fra e-mailen').check();
      await settings.getByLabel('Minutter pladsen holdes').fill('45');
      await settings.getByLabel(/Højst pladser pr. bibliotek/).fill('3');
      await settings.getByRole('button', { name: 'Gem' }).click();
      await expect(settings.getByRole('status')).toContainText('Ændringerne er gemt.');
      await page.getByRole('button', { name: 'Åbn for tilmelding' }).click();
      await expect(page.getByTestId('meeting-status')).toContainText('Åben for tilmelding');

      // The agenda, with the keyboard only: add two items, type them, swap them, save.
      const editor = page.getByTestId('agenda-editor');
      const addItem = editor.getByRole('button', { name: 'Tilføj punkt' });
      await addItem.focus();
      await page.keyboard.press('Enter');
      await page.keyboard.type('Velkomst');
      await addItem.focus();
      await page.keyboard.press('Enter');
      await page.keyboard.type('Sparring og erfaringsudveksling');
      const items = editor.getByTestId('agenda-item');
      await expect(items).toHaveCount(2);
      await items.nth(1).getByRole('button', { name: 'Flyt Sparring og erfaringsudveksling op' }).focus();
      await page.keyboard.press('Enter');
      await expect(items.nth(0).getByLabel('Titel')).toHaveValue('Sparring og erfaringsudveksling');
      await editor.getByRole('button', { name: 'Gem dagsordenen' }).focus();
      await page.keyboard.press('Enter');
      await expect(editor.getByText('Dagsordenen er gemt.')).toBeVisible();
      await expectNoSeriousA11yViolations(page);

      // A member of staff, in a browser of their own, sees the meeting and its rules.
      const staff = await browser.newContext();
      const staffPage = await staff.newPage();
      await staffPage.goto(`/moeder/${meeting.slug}`);
      await expect(staffPage.getByRole('heading', { level: 1, name: title })).toBeVisible();
      await expect(staffPage.getByTestId('rule-confirmation')).toContainText('45 minutter');
      await expect(staffPage.getByTestId('rule-seats-per-library')).toContainText('Højst 3 pladser');
      const agenda = staffPage.getByTestId('agenda');
      await expect(agenda.getByRole('listitem')).toHaveCount(2);
      await expect(agenda.getByRole('listitem').first()).toContainText('Sparring og erfaringsudveksling');
      await staff.close();

      // Signing out ends the session: the dashboard asks to sign in again.
      await page.getByRole('button', { name: 'Log ud' }).click();
      await expect(page).toHaveURL(/\/koordinator\/log-ind$/);
      await page.goto(`/koordinator/moeder/${meeting.id}`);
      await expect(page).toHaveURL(/\/koordinator\/log-ind$/);
    } finally {
      await deleteMeeting(db, meeting.id);
    }
  });

  test('a forgotten password: the e-mailed link opens a page that sets a new one, and it signs in', async ({
    page,
    coordinator,
  }) => {
    await page.goto('/koordinator/log-ind');
    await page.getByRole('link', { name: 'Glemt adgangskoden?' }).click();
    // The sign-in page has an E-mail field too: wait for the page asked for before typing.
    await expect(page.getByRole('heading', { level: 1, name: 'Glemt adgangskode' })).toBeVisible();
    await page.getByLabel('E-mail').fill(coordinator.email);
    await page.getByRole('button', { name: 'Send linket' }).click();
    await expect(page.getByTestId('reset-requested')).toBeVisible();

    const mail = await waitForMail(coordinator.email, /adgangskode/i);
    const link = /https?:\/\/\S+\/koordinator\/ny-adgangskode#token=[\w-]+/.exec(mail.text)?.[0];
    expect(link, mail.text).toBeDefined();
    await page.goto(link!);
    await expect(page).not.toHaveURL(/token=/);
    await expectNoSeriousA11yViolations(page);
    const fresh = `${coordinator.password} ny`;
    await page.getByLabel('Ny adgangskode').fill(fresh);
    await page.getByLabel('Gentag adgangskoden').fill(fresh);
    await page.getByRole('button', { name: 'Gem adgangskoden' }).click();
    await expect(page.getByTestId('reset-done')).toBeVisible();

    await page.getByRole('link', { name: 'Log ind' }).click();
    await page.getByLabel('E-mail').fill(coordinator.email);
    await page.getByLabel('Adgangskode').fill(fresh);
    await page.getByRole('button', { name: 'Log ind' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Møder' })).toBeVisible();
  });

  test('from the standing agenda to the registrant’s inbox: keyboard-only agenda, preview, time change, cancellation', async ({
    page,
    browser,
    coordinator,
    db,
  }) => {
    await signIn(page, coordinator);
    const title = `Sparring om brugerrejser ${Date.now().toString(36)}`;
    const form = page.getByTestId('new-meeting-form');
    await form.getByLabel('Titel').fill(title);
    await form.getByLabel('Starter').fill(localInput(21, 10));
    await form.getByLabel('Slutter').fill(localInput(21, 14));
    await expect(form.getByLabel('Begynd med den faste dagsorden')).toBeChecked();
    await form.getByRole('button', { name: 'Opret som kladde' }).click();
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    const { rows } = await db.query<{ id: string; slug: string }>('SELECT id, slug FROM "Meeting" WHERE title = $1', [
      title,
    ]);
    const meeting = rows[0]!;

    try {
      // The network's usual day, laid on the meeting's time.
      const editor = page.getByTestId('agenda-editor');
      const items = editor.getByTestId('agenda-item');
      const titles = () =>
        items
          .locator('input[name="title"]')
          .evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
      await expect(items).toHaveCount(5);
      expect(await titles()).toEqual([
        'Velkomst',
        'Oplæg om dagens tema',
        'Frokost',
        'Sparring og erfaringsudveksling',
        'Opsamling og næste møde',
      ]);
      await expect(items.nth(0).getByLabel('Fra')).toHaveValue('10:00');

      // Keyboard only: lift lunch by its handle, move it up one place, drop it; the day flows on.
      await items.nth(2).getByRole('button', { name: 'Træk Frokost til en ny plads' }).focus();
      // Each step is said aloud (dnd-kit's live region); the next key waits for it, as a person would.
      await page.keyboard.press('Space');
      await expect(page.getByText('Frokost er løftet fra plads 3 af 5.')).toBeAttached();
      await page.keyboard.press('ArrowUp');
      await expect(page.getByText('Frokost er over plads 2 af 5.')).toBeAttached();
      await page.keyboard.press('Space');
      await expect
        .poll(titles)
        .toEqual([
          'Velkomst',
          'Frokost',
          'Oplæg om dagens tema',
          'Sparring og erfaringsudveksling',
          'Opsamling og næste møde',
        ]);
      await expect(items.nth(1).getByLabel('Fra')).toHaveValue('10:15');
      await expect(items.nth(2).getByLabel('Fra')).toHaveValue('11:00');
      // The speaker of the talk, typed; then saved with Enter.
      await items
        .nth(2)
        .getByLabel(/^Oplægsholder(?!ens)/)
        .focus();
      await page.keyboard.type('Mette Brugerrejse');
      await page.keyboard.press('Tab');
      await page.keyboard.type('Roskilde Bibliotekerne');
      await editor.getByRole('button', { name: 'Gem dagsordenen' }).focus();
      await page.keyboard.press('Enter');
      await expect(editor.getByText('Dagsordenen er gemt.')).toBeVisible();
      await expectNoSeriousA11yViolations(page);

      // The preview, exactly as staff will see it.
      await page.getByRole('link', { name: 'Forhåndsvis' }).click();
      await expect(page.getByTestId('preview-notice')).toContainText('kladde');
      const previewed = await page.getByTestId('agenda').getByRole('listitem').allInnerTexts();
      expect(previewed).toHaveLength(5);
      expect(previewed[2]).toContain('Mette Brugerrejse');
      await expectNoSeriousA11yViolations(page);
      await page.getByRole('link', { name: 'Tilbage til mødets side i dashboardet' }).click();

      await page.getByRole('button', { name: 'Annoncér (save the date)' }).click();
      await expect(page.getByTestId('meeting-status')).toContainText('Annonceret');
      await page.getByRole('button', { name: 'Åbn for tilmelding' }).click();
      await expect(page.getByTestId('meeting-status')).toContainText('Åben for tilmelding');

      // A member of staff, in a browser of their own, sees the agenda as previewed and registers.
      const staff = await browser.newContext();
      const staffPage = await staff.newPage();
      await staffPage.goto(`/moeder/${meeting.slug}`);
      await expect(staffPage.getByRole('heading', { level: 1, name: title })).toBeVisible();
      expect(await staffPage.getByTestId('agenda').getByRole('listitem').allInnerTexts()).toEqual(previewed);
      const email = uniqueEmail('deltager');
      await register(staffPage, { name: 'Mette Testesen', email });
      const confirmed = calendarIn(await waitForMail(email, /^Tilmelding bekræftet:/));
      expect(confirmed.method).toBe('REQUEST');

      // An hour later: the registrant's calendar gets the new time (a higher SEQUENCE), the agenda moves along.
      const details = page.getByTestId('meeting-details');
      await details.getByLabel('Starter').fill(localInput(21, 11));
      await details.getByLabel('Slutter').fill(localInput(21, 15));
      await details.getByRole('button', { name: 'Gem mødet' }).click();
      await expect(details.getByText('Mødet er gemt.')).toBeVisible();
      const changed = calendarIn(await waitForMail(email, /^Ændret:/));
      expect(changed.method).toBe('REQUEST');
      expect(changed.sequence).toBeGreaterThan(confirmed.sequence);
      const startsAt = async () =>
        (await db.query<{ startsAt: Date }>('SELECT "startsAt" FROM "Meeting" WHERE id = $1', [meeting.id])).rows[0]!
          .startsAt;
      expect(changed.start).toBe((await startsAt()).toISOString());
      expect(new Date(changed.start).getTime() - new Date(confirmed.start).getTime()).toBe(60 * 60 * 1000);
      await expect(editor.getByTestId('agenda-item').nth(0).getByLabel('Fra')).toHaveValue('11:00');
      await staffPage.reload();
      await expect(staffPage.getByTestId('agenda').getByRole('listitem').first()).toContainText('11.00');
      await staff.close();

      // Called off: the registrant is told, and the calendar entry is cancelled.
      await page.getByRole('button', { name: 'Aflys mødet' }).click();
      await page.getByLabel(/Begrundelse/).fill('Oplægsholderen er blevet syg.');
      await page.getByRole('button', { name: 'Ja, aflys og skriv til alle tilmeldte' }).click();
      await expect(page.getByTestId('meeting-status')).toContainText('Aflyst');
      const cancelled = await waitForMail(email, /^Aflyst:/);
      expect(cancelled.text).toContain('Oplægsholderen er blevet syg.');
      expect(calendarIn(cancelled).method).toBe('CANCEL');
    } finally {
      await deleteMeeting(db, meeting.id);
    }
  });

  test('the standing agenda, the account and API keys: usable and axe-clean', async ({ page, coordinator }) => {
    await signIn(page, coordinator);
    await page.getByRole('link', { name: 'Fast dagsorden' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Fast dagsorden' })).toBeVisible();
    await expect(page.getByTestId('agenda-template-editor').getByTestId('agenda-item')).toHaveCount(5);
    await expectNoSeriousA11yViolations(page);

    await page.getByRole('link', { name: 'API-nøgler' }).click();
    const form = page.getByTestId('new-api-key');
    await form.getByLabel(/^Navn/).fill(`Kalenderen ${Date.now().toString(36)}`);
    await form.getByLabel(/meetings:read/).check();
    await form.getByRole('button', { name: 'Opret nøglen' }).click();
    const key = (await page.getByTestId('api-key-value').textContent()) ?? '';
    expect(key).toMatch(/^bok_/);
    await expectNoSeriousA11yViolations(page);
    // The key works on the API at once, for what it was given and nothing more.
    const read = await page.request.get('/api/v1/coordinator/meetings', {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(read.status()).toBe(200);
    const write = await page.request.post('/api/v1/meetings', {
      headers: { authorization: `Bearer ${key}` },
      data: { title: 'Nej', startsAt: new Date().toISOString(), endsAt: new Date().toISOString() },
    });
    expect(write.status()).toBe(403);
    await page.getByRole('button', { name: 'Jeg har gemt nøglen' }).click();

    await page.getByRole('link', { name: /din konto/ }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Din konto' })).toBeVisible();
    await expect(page.getByTestId('sessions')).toContainText('Denne browser');
    await page.getByRole('button', { name: 'Slå totrinslogin til' }).click();
    await expect(page.getByRole('img', { name: 'QR-kode til godkendelsesappen' })).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    await page.getByRole('button', { name: 'Fortryd' }).click();
    await page.getByRole('button', { name: 'Log ud alle steder, også her' }).click();
    await expect(page).toHaveURL(/\/koordinator\/log-ind$/);
  });
});
