import { afterAll, beforeAll } from 'vitest';
import { buildApp } from '../src/app';
import type { Database } from '../src/db/prisma';
import { type AppConfig, testConfig } from '../src/lib/config';
import { useTestDatabase } from './test-database';

/** The whole app on a test database, for `app.inject()`. */
export async function buildTestApp(
  prisma: Database,
  options: { webRoot?: string; config?: Partial<AppConfig>; now?: () => Date } = {},
) {
  const { config, ...rest } = options;
  const app = await buildApp({ prisma, config: { ...testConfig, ...config }, ...rest });
  await app.ready();
  return app;
}

export type TestApp = Awaited<ReturnType<typeof buildTestApp>>;

/**
 * For a test file: its own database and the app on it, for all its tests.
 * Returns accessors, since both exist only once the hooks have run.
 */
export function useTestApp(options: { config?: Partial<AppConfig>; now?: () => Date } = {}) {
  const database = useTestDatabase();
  let app: TestApp | undefined;
  beforeAll(async () => {
    app = await buildTestApp(database().prisma, options);
  });
  afterAll(async () => {
    await app?.close();
  });
  return {
    database,
    app: () => {
      if (!app) throw new Error('The test app is not ready (use it inside a test or hook).');
      return app;
    },
  };
}
