import { expect, type Page } from '@playwright/test';
import type { TestCoordinator } from './fixtures';

/** Signs the coordinator in through the sign-in page, as a person would. */
export async function signIn(page: Page, coordinator: TestCoordinator) {
  await page.goto('/koordinator/log-ind');
  await page.getByLabel('E-mail').fill(coordinator.email);
  await page.getByLabel('Adgangskode').fill(coordinator.password);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Møder' })).toBeVisible();
}
