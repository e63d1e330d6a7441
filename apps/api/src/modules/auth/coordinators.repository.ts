import type { Database, Transaction } from '../../db/prisma';

/** A coordinator as the auth rules need them: with their secrets, never sent to a client as is. */
export interface CoordinatorRecord {
  id: string;
  email: string;
  name: string;
  passwordHash: string;
  lastLoginAt: Date | null;
  totpSecret: string | null;
  totpEnabledAt: Date | null;
  totpPendingSecret: string | null;
  totpLastStep: number | null;
}

export interface NewCoordinator {
  email: string;
  name: string;
  passwordHash: string;
}

/** Coordinators and their recovery codes. */
export function coordinatorsRepository(db: Database | Transaction) {
  return {
    findById(id: string): Promise<CoordinatorRecord | null> {
      return db.coordinator.findUnique({ where: { id } });
    },

    /** By the normalised address. */
    findByEmail(email: string): Promise<CoordinatorRecord | null> {
      return db.coordinator.findUnique({ where: { email } });
    },

    /** Null when the address is taken. */
    async create(input: NewCoordinator): Promise<CoordinatorRecord | null> {
      const rows = await db.coordinator.createManyAndReturn({ data: [input], skipDuplicates: true });
      return rows[0] ?? null;
    },

    count(): Promise<number> {
      return db.coordinator.count();
    },

    async setPasswordHash(id: string, passwordHash: string): Promise<void> {
      await db.coordinator.update({ where: { id }, data: { passwordHash } });
    },

    async setLastLoginAt(id: string, at: Date): Promise<void> {
      await db.coordinator.update({ where: { id }, data: { lastLoginAt: at } });
    },

    async setPendingTotpSecret(id: string, sealedSecret: string): Promise<void> {
      await db.coordinator.update({ where: { id }, data: { totpPendingSecret: sealedSecret } });
    },

    /** Turns two-factor sign-in on with the pending secret; false if it is on already or nothing is pending. */
    async enableTotp(id: string, input: { sealedSecret: string; step: number; at: Date }): Promise<boolean> {
      const { count } = await db.coordinator.updateMany({
        where: { id, totpEnabledAt: null, totpPendingSecret: input.sealedSecret },
        data: {
          totpSecret: input.sealedSecret,
          totpPendingSecret: null,
          totpEnabledAt: input.at,
          totpLastStep: input.step,
        },
      });
      return count === 1;
    },

    async disableTotp(id: string): Promise<void> {
      await db.coordinator.update({
        where: { id },
        data: { totpSecret: null, totpPendingSecret: null, totpEnabledAt: null, totpLastStep: null },
      });
      await db.recoveryCode.deleteMany({ where: { coordinatorId: id } });
    },

    /**
     * Records `step` as the last TOTP step used, only if it is later than the one recorded: two
     * requests with the same code race here and exactly one wins. True when this one did.
     */
    async claimTotpStep(id: string, step: number): Promise<boolean> {
      const { count } = await db.coordinator.updateMany({
        where: { id, totpEnabledAt: { not: null }, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
        data: { totpLastStep: step },
      });
      return count === 1;
    },

    /** Replaces the coordinator's recovery codes. */
    async replaceRecoveryCodes(id: string, codeHashes: string[]): Promise<void> {
      await db.recoveryCode.deleteMany({ where: { coordinatorId: id } });
      await db.recoveryCode.createMany({ data: codeHashes.map((codeHash) => ({ coordinatorId: id, codeHash })) });
    },

    /** Uses up a recovery code; true when it was there and unused (only one of two racing requests gets it). */
    async useRecoveryCode(id: string, codeHash: string, at: Date): Promise<boolean> {
      const { count } = await db.recoveryCode.updateMany({
        where: { coordinatorId: id, codeHash, usedAt: null },
        data: { usedAt: at },
      });
      return count === 1;
    },

    countUnusedRecoveryCodes(id: string): Promise<number> {
      return db.recoveryCode.count({ where: { coordinatorId: id, usedAt: null } });
    },
  };
}
