import { defineConfig } from 'vitest/config';

// Every unit and integration test of the workspace; end-to-end tests are Playwright's (e2e/).
export default defineConfig({
  test: {
    projects: [
      'packages/shared',
      'apps/api',
      'apps/web',
      // The README's commands themselves (scripts/bootstrap.sh on a machine without pnpm).
      { test: { name: 'scripts', include: ['scripts/**/*.test.ts'], environment: 'node' } },
    ],
    // Two workers fit the 2-core machine; each API test file has a database of its own.
    maxWorkers: 2,
  },
});
