import fp from 'fastify-plugin';
import type { Database } from '../db/prisma';
import type { AppConfig } from '../lib/config';

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
    config: AppConfig;
  }
}

/** Makes the process's one PrismaClient and the config available to the modules. Its owner closes it. */
export const databasePlugin = fp<{ prisma: Database; config: AppConfig }>(
  async (app, options) => {
    app.decorate('db', options.prisma);
    app.decorate('config', options.config);
  },
  { name: 'database' },
);
