import fp from 'fastify-plugin';
import type { Database } from '../db/prisma';

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
  }
}

/** Makes the process's one PrismaClient available to the modules. Its owner closes it. */
export const databasePlugin = fp<{ prisma: Database }>(
  async (app, options) => {
    app.decorate('db', options.prisma);
  },
  { name: 'database' },
);
