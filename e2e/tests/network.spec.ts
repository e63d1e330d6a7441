import { expect, expectNoSeriousA11yViolations, test } from '../support/fixtures';

test.describe('the network page', () => {
  test('shows the network in Danish with its upcoming meetings, then in English when asked, and remembers it', async ({
    page,
  }) => {
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'da');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Netværk for Brugeroplevet Kvalitet');
    await expect(page.getByText('Isabella Gothen').first()).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Kommende møder' })).toBeVisible();

    const cards = page.getByTestId('meeting-card');
    await expect(cards).toHaveCount(2);
    await expect(cards.first()).toContainText('Design thinking i praksis');
    await expect(cards.nth(1)).toContainText('BibDok og lokale brugerundersøgelser');
    await expect(page.getByTestId('followers')).toContainText('Roskilde Bibliotekerne');

    await page.getByTestId('language-switch').getByRole('button', { name: 'English' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('heading', { name: 'Upcoming meetings' })).toBeVisible();

    await page.reload();
    await expect(page.getByRole('heading', { name: 'Upcoming meetings' })).toBeVisible();
    await page.getByTestId('language-switch').getByRole('button', { name: 'Dansk' }).click();
    await expect(page.getByRole('heading', { name: 'Kommende møder' })).toBeVisible();
  });

  test('leads to a meeting with its agenda, venue and seats', async ({ page }) => {
    await page.goto('/');
    await page.getByTestId('meeting-card').first().getByRole('link').first().click();
    await expect(page).toHaveURL(/\/moeder\//);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Design thinking i praksis');

    const agenda = page.getByTestId('agenda');
    await expect(agenda.getByRole('listitem')).toHaveCount(6);
    await expect(agenda).toContainText('Sparring og erfaringsudveksling');
    await expect(agenda).toContainText('Isabella Gothen');
    // Danish writes times with a full stop, in Copenhagen time.
    await expect(agenda).toContainText('10.00–10.15');
    await expect(page.getByText('Kirkestræde 18').first()).toBeVisible();
    await expect(page.getByTestId('seats')).toContainText('30');
  });

  test('shows past meetings in the archive, newest first', async ({ page }) => {
    await page.goto('/arkiv');
    const cards = page.getByTestId('meeting-card');
    await expect(cards).toHaveCount(2);
    await expect(cards.first()).toContainText('Segmentering');
    await expect(cards.nth(1)).toContainText('Lytteposter');
  });

  test('answers an unknown address with a not-found page', async ({ page }) => {
    await page.goto('/findes-ikke');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Gå til forsiden' })).toBeVisible();
  });

  for (const path of [
    '/',
    '/moeder/design-thinking-i-praksis',
    '/moeder/bibdok-og-lokale-brugerundersoegelser',
    '/arkiv',
    '/privatliv',
  ]) {
    test(`has no serious accessibility violations: ${path} @phone`, async ({ page }) => {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expectNoSeriousA11yViolations(page);
    });
  }
});
