import { deleteMeeting, expect, expectNoSeriousA11yViolations, test, waitForMail } from '../support/fixtures';

/** `datetime-local` wants the browser's wall-clock time: 14 days ahead, at the hour given. */
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
});
