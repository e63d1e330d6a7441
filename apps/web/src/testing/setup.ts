import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach, beforeEach, vi } from 'vitest';
import { defaultLocale, i18n, loadPageTexts } from '@/i18n/i18n';

// jsdom has no layout, so no scrolling; the router's scroll restoration calls it anyway.
window.scrollTo = () => {};

// In the app the router loads the page texts with each page; components tested alone need them too.
await loadPageTexts();

// Any console.error in a test is a failure: React's warnings are bugs we would otherwise ship.
let consoleErrors: unknown[][] = [];

beforeEach(async () => {
  consoleErrors = [];
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    consoleErrors.push(args);
  });
  window.localStorage.clear();
  window.sessionStorage.clear();
  await i18n.changeLanguage(defaultLocale);
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  if (consoleErrors.length > 0) {
    const messages = consoleErrors.map((args) => args.map(String).join(' ')).join('\n');
    throw new Error(`console.error was called:\n${messages}`);
  }
});
