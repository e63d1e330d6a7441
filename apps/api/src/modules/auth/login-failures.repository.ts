import type { Database, Transaction } from '../../db/prisma';

export function loginFailuresRepository(db: Database | Transaction) {
  return {
    async record(input: { emailNormalized: string; ip: string | null; at: Date }): Promise<void> {
      await db.loginFailure.create({ data: input });
    },

    /** Failures for the address and from the client address since the given instants. */
    async count(input: { emailNormalized: string; accountSince: Date; ip: string | null; ipSince: Date }) {
      const [account, ip] = await Promise.all([
        db.loginFailure.count({ where: { emailNormalized: input.emailNormalized, at: { gt: input.accountSince } } }),
        input.ip === null ? 0 : db.loginFailure.count({ where: { ip: input.ip, at: { gt: input.ipSince } } }),
      ]);
      return { account, ip };
    },

    async deleteBefore(before: Date): Promise<number> {
      const { count } = await db.loginFailure.deleteMany({ where: { at: { lt: before } } });
      return count;
    },
  };
}
