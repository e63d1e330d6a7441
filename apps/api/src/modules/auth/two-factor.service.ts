import type { RecoveryCodes, TotpDisable, TotpSetup } from '@bok/shared/auth';
import type { Database } from '../../db/prisma';
import { AppError } from '../../lib/app-error';
import type { AppConfig } from '../../lib/config';
import { open, seal } from '../../lib/secret-box';
import { auditRepository } from '../audit/audit.repository';
import { verifyPassword } from './auth.passwords';
import { type AuthService, type RequestContext, type SignedIn, totpSecretPurpose } from './auth.service';
import { hashRecoveryCode, newRecoveryCodes, newTotpSecret, totpStepOf, totpUri } from './auth.totp';
import { coordinatorsRepository } from './coordinators.repository';

const wrongCode = (field: string) =>
  new AppError('validation_failed', 'The code is not right.', {
    fields: [{ field, message: 'code_incorrect', code: 'custom' }],
  });

/** Turning TOTP two-factor sign-in on and off, by the signed-in coordinator. */
export function twoFactorService(db: Database, config: AppConfig, auth: AuthService) {
  const coordinators = coordinatorsRepository(db);

  const audit = (signedIn: SignedIn, action: string, context: RequestContext) =>
    auditRepository(db).record({
      actorType: 'coordinator',
      actorId: signedIn.coordinator.id,
      action,
      entityType: 'coordinator',
      entityId: signedIn.coordinator.id,
      ip: context.ip,
      at: context.now,
    });

  return {
    /** A new secret, kept pending until a code from it confirms that the app has it (enable). */
    async setup(signedIn: SignedIn, context: RequestContext): Promise<TotpSetup> {
      if (signedIn.coordinator.totpEnabledAt) {
        throw new AppError('conflict', 'Two-factor sign-in is on already; turn it off first to use another app.');
      }
      const secret = newTotpSecret();
      await coordinators.setPendingTotpSecret(
        signedIn.coordinator.id,
        seal(config.appSecret, totpSecretPurpose, secret),
      );
      await audit(signedIn, 'auth.totp_setup_started', context);
      return { secret, uri: totpUri(secret, signedIn.coordinator.email) };
    },

    /** Turns it on with a code from the pending secret; answers the recovery codes, shown this once. */
    async enable(signedIn: SignedIn, code: string, context: RequestContext): Promise<RecoveryCodes> {
      const { coordinator } = signedIn;
      if (coordinator.totpEnabledAt) throw new AppError('conflict', 'Two-factor sign-in is on already.');
      const sealed = coordinator.totpPendingSecret;
      const secret = sealed && open(config.appSecret, totpSecretPurpose, sealed);
      if (!sealed || !secret) throw new AppError('conflict', 'Start the setup first (POST /api/v1/auth/totp/setup).');
      await auth.assertNotThrottled(coordinator.email, coordinator, context);
      const step = totpStepOf(secret, code, context.now);
      if (step === null) {
        await auth.recordFailure(coordinator.email, coordinator.id, 'totp_enable', context);
        throw wrongCode('code');
      }
      const recoveryCodes = newRecoveryCodes();
      await db.$transaction(async (tx) => {
        const repository = coordinatorsRepository(tx);
        if (!(await repository.enableTotp(coordinator.id, { sealedSecret: sealed, step, at: context.now }))) {
          throw new AppError('conflict', 'Two-factor sign-in was turned on meanwhile, or the setup was started again.');
        }
        await repository.replaceRecoveryCodes(coordinator.id, recoveryCodes.map(hashRecoveryCode));
        await auditRepository(tx).record({
          actorType: 'coordinator',
          actorId: coordinator.id,
          action: 'auth.totp_enabled',
          entityType: 'coordinator',
          entityId: coordinator.id,
          ip: context.ip,
          at: context.now,
        });
      });
      return { recoveryCodes };
    },

    /** Turns it off, proven by the password or a current code (which is then used up). */
    async disable(signedIn: SignedIn, input: TotpDisable, context: RequestContext): Promise<void> {
      const { coordinator } = signedIn;
      if (!coordinator.totpEnabledAt) return;
      await auth.assertNotThrottled(coordinator.email, coordinator, context);
      let proven: boolean;
      if (input.password !== undefined) {
        proven = await verifyPassword(coordinator.passwordHash, input.password);
      } else {
        const secret = coordinator.totpSecret && open(config.appSecret, totpSecretPurpose, coordinator.totpSecret);
        const step = secret ? totpStepOf(secret, input.code ?? '', context.now) : null;
        proven = step !== null && (await coordinators.claimTotpStep(coordinator.id, step));
      }
      if (!proven) {
        await auth.recordFailure(coordinator.email, coordinator.id, 'totp_disable', context);
        if (input.password !== undefined) {
          throw new AppError('validation_failed', 'The password is not right.', {
            fields: [{ field: 'password', message: 'password_incorrect', code: 'custom' }],
          });
        }
        throw wrongCode('code');
      }
      await db.$transaction(async (tx) => {
        await coordinatorsRepository(tx).disableTotp(coordinator.id);
        await auditRepository(tx).record({
          actorType: 'coordinator',
          actorId: coordinator.id,
          action: 'auth.totp_disabled',
          entityType: 'coordinator',
          entityId: coordinator.id,
          ip: context.ip,
          at: context.now,
        });
      });
    },
  };
}
