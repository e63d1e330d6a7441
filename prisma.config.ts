import { defineConfig } from 'prisma/config';

// Used by the Prisma CLI only (generate here; migrate deploy/status on machines that have the
// schema engine). The app applies migrations itself: apps/api/src/db/migrate.ts.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/bok' },
});
