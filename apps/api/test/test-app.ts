import { buildApp } from '../src/app';
import type { Database } from '../src/db/prisma';
import { type AppConfig, testConfig } from '../src/lib/config';

/** The whole app on a test database, for `app.inject()`. */
export async function buildTestApp(prisma: Database, options: { webRoot?: string; config?: Partial<AppConfig> } = {}) {
  const { config, ...rest } = options;
  const app = await buildApp({ prisma, config: { ...testConfig, ...config }, ...rest });
  await app.ready();
  return app;
}
