import type { Page } from '@playwright/test';

/** Fills and sends the registration form on the meeting page that is open. */
export async function register(page: Page, person: { name: string; email: string; library?: string }) {
  const form = page.getByTestId('registration-form');
  await form.getByLabel('Navn').fill(person.name);
  await form.getByLabel('E-mail').fill(person.email);
  await form
    .getByLabel('Bibliotek', { exact: true })
    .selectOption({ label: person.library ?? 'Roskilde Bibliotekerne' });
  await form.getByLabel(/Hensyn til kosten/).fill('Vegetar');
  await form.getByLabel(/Jeg giver samtykke/).check();
  await page.getByTestId('registration-submit').click();
}
