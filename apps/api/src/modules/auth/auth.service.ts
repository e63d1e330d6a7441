import { randomUUID } from 'node:crypto';
import {
  type Coordinator,
  type CoordinatorCreate,
  coordinatorCreateSchema,
  type Login,
  type Session,
  type SessionState,
} from '@bok/shared/auth';
import type { Locale } from '@bok/shared/common';
import { normalizeEmail } from '@bok/shared/members';
import type { Database } from '../../db/prisma';
import { AppError, notFound } from '../../lib/app-error';
import type { AppConfig, AuthConfig } from '../../lib/config';
import { passwordResetTokenFor } from '../../lib/password-reset-token';
import { open } from '../../lib/secret-box';
import { auditRepository } from '../audit/audit.repository';
import { enqueuePasswordResetEmail } from '../emails/emails.outbox';
import { hashPassword, verifyPassword } from './auth.passwords';
import { csrfTokenFor, hashToken, newToken } from './auth.tokens';
import { hashRecoveryCode, totpStepOf } from './auth.totp';
import { type CoordinatorRecord, coordinatorsRepository } from './coordinators.repository';
import { loginFailuresRepository } from './login-failures.repository';
import { passwordResetsRepository } from './password-resets.repository';
import { type SessionRecord, sessionsRepository } from './sessions.repository';

/** Where a request comes from, and when it is (a clock the tests can move). */
export interface RequestContext {
  ip: string | null;
  userAgent: string | null;
  now: Date;
}

/** Failures are counted over this window (per account and per client address). */
export const loginFailureWindowMs = 15 * 60_000;
/** A reset link works this long: long enough to find the e-mail, short enough to be of little use if found later. */
export const passwordResetValidMinutes = 30;
/** At most this many reset e-mails per coordinator an hour: the endpoint cannot be used to flood a mailbox. */
const passwordResetsPerHour = 3;
/** lastSeenAt is written at most once a minute per session: the idle timeout is measured to the minute. */
const touchIntervalMs = 60_000;
/** TOTP secrets are sealed under this purpose (lib/secret-box.ts). */
export const totpSecretPurpose = 'totp-secret';

export function toCoordinator(record: CoordinatorRecord): Coordinator {
  return { id: record.id, email: record.email, name: record.name, totpEnabled: record.totpEnabledAt !== null };
}

/** A signed-in session, as the auth plugin hands it to routes. */
export interface SignedIn {
  coordinator: CoordinatorRecord;
  session: SessionRecord;
  /** The cookie's token: only held in memory for this request, to derive the CSRF token. */
  token: string;
  csrfToken: string;
}

export interface LoginResult {
  /** Goes into the session cookie; never into a response body or a log. */
  token: string;
  state: SessionState;
}

function truncate(value: string | null, max: number): string | null {
  return value === null ? null : value.slice(0, max);
}

/** For the CLI and the demo: a new coordinator with a password that passes the rule. */
export async function createCoordinator(
  db: Database,
  input: CoordinatorCreate,
  context: Pick<RequestContext, 'now'>,
): Promise<Coordinator> {
  const parsed = coordinatorCreateSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError('validation_failed', 'Some fields are not valid.', {
      fields: parsed.error.issues.map((issue) => ({
        field: issue.path.join('.'),
        message: issue.message,
        code: issue.code,
      })),
    });
  }
  const email = normalizeEmail(parsed.data.email);
  const passwordHash = await hashPassword(parsed.data.password);
  return db.$transaction(async (tx) => {
    const created = await coordinatorsRepository(tx).create({ email, name: parsed.data.name, passwordHash });
    if (!created) throw new AppError('conflict', `A coordinator with the address ${email} exists already.`);
    await auditRepository(tx).record({
      actorType: 'system',
      actorId: null,
      action: 'coordinator.created',
      entityType: 'coordinator',
      entityId: created.id,
      data: { email },
      ip: null,
      at: context.now,
    });
    return toCoordinator(created);
  });
}

export function authService(db: Database, config: AppConfig) {
  const coordinators = coordinatorsRepository(db);
  const sessions = sessionsRepository(db);
  const failures = loginFailuresRepository(db);
  const idleMs = config.auth.sessionIdleMinutes * 60_000;
  const maxMs = config.auth.sessionMaxHours * 3_600_000;

  const stateOf = (coordinator: CoordinatorRecord, session: SessionRecord, token: string): SessionState => ({
    csrfToken: csrfTokenFor(config.appSecret, token),
    coordinator: toCoordinator(coordinator),
    expiresAt: session.expiresAt.toISOString(),
    idleTimeoutMinutes: config.auth.sessionIdleMinutes,
  });

  async function recordFailure(email: string, coordinatorId: string | null, reason: string, context: RequestContext) {
    await db.$transaction(async (tx) => {
      await loginFailuresRepository(tx).record({ emailNormalized: email, ip: context.ip, at: context.now });
      await auditRepository(tx).record({
        actorType: coordinatorId ? 'coordinator' : 'system',
        actorId: coordinatorId,
        action: 'auth.login_failed',
        entityType: 'coordinator',
        entityId: coordinatorId,
        data: { email, reason },
        ip: context.ip,
        at: context.now,
      });
    });
  }

  /**
   * Refuses (429) once the account or the client address has had too many failures in the
   * window. The account's count starts again at its last successful sign-in. Unknown addresses
   * are counted like known ones, so the throttle does not tell them apart either.
   */
  async function assertNotThrottled(email: string, coordinator: CoordinatorRecord | null, context: RequestContext) {
    const windowStart = new Date(context.now.getTime() - loginFailureWindowMs);
    const lastLogin = coordinator?.lastLoginAt;
    const counts = await failures.count({
      emailNormalized: email,
      accountSince: lastLogin && lastLogin > windowStart ? lastLogin : windowStart,
      ip: context.ip,
      ipSince: windowStart,
    });
    if (counts.account >= config.auth.loginFailuresPerAccount || counts.ip >= config.auth.loginFailuresPerIp) {
      throw new AppError('rate_limited', 'Too many failed sign-ins. Try again in 15 minutes.', {
        headers: { 'retry-after': String(loginFailureWindowMs / 1000) },
      });
    }
  }

  /** Checks the second factor; on success it is used up (a TOTP step, a recovery code). */
  async function secondFactorAccepted(coordinator: CoordinatorRecord, input: Login, now: Date) {
    if (input.totp !== undefined) {
      const secret = coordinator.totpSecret && open(config.appSecret, totpSecretPurpose, coordinator.totpSecret);
      if (!secret) return false;
      const step = totpStepOf(secret, input.totp, now);
      return step !== null && (coordinator.totpLastStep === null || step > coordinator.totpLastStep)
        ? coordinators.claimTotpStep(coordinator.id, step)
        : false;
    }
    if (input.recoveryCode !== undefined) {
      return coordinators.useRecoveryCode(coordinator.id, hashRecoveryCode(input.recoveryCode), now);
    }
    return false;
  }

  return {
    /**
     * Signs in. Unknown address and wrong password are the same 401 `invalid_credentials` after
     * the same work (a dummy argon2 verification). With two-factor sign-in on, a right password
     * without a code is 401 `totp_required`; a wrong, reused or missing-but-attempted code counts
     * as a failure. A session the browser still had is ended: every sign-in gets a new one.
     */
    async login(input: Login, context: RequestContext, previousToken: string | undefined): Promise<LoginResult> {
      const email = normalizeEmail(input.email);
      const coordinator = await coordinators.findByEmail(email);
      await assertNotThrottled(email, coordinator, context);

      const passwordOk = await verifyPassword(coordinator?.passwordHash ?? null, input.password);
      if (!coordinator || !passwordOk) {
        await recordFailure(email, coordinator?.id ?? null, coordinator ? 'password' : 'unknown_email', context);
        throw new AppError('invalid_credentials', 'The e-mail address or the password is not right.');
      }

      let method = 'password';
      if (coordinator.totpEnabledAt) {
        if (input.totp === undefined && input.recoveryCode === undefined) {
          throw new AppError('totp_required', 'Enter the code from your authenticator app, or a recovery code.');
        }
        if (!(await secondFactorAccepted(coordinator, input, context.now))) {
          await recordFailure(email, coordinator.id, input.totp !== undefined ? 'totp' : 'recovery_code', context);
          throw new AppError('totp_required', 'The code is not right, or it has been used already.');
        }
        method = input.totp !== undefined ? 'totp' : 'recovery_code';
      }

      const token = newToken();
      const session = await db.$transaction(async (tx) => {
        const repository = sessionsRepository(tx);
        if (previousToken) await repository.deleteByTokenHash(hashToken(previousToken));
        const created = await repository.create({
          coordinatorId: coordinator.id,
          tokenHash: hashToken(token),
          userAgent: truncate(context.userAgent, 500),
          ip: context.ip,
          createdAt: context.now,
          lastSeenAt: context.now,
          expiresAt: new Date(context.now.getTime() + maxMs),
        });
        await coordinatorsRepository(tx).setLastLoginAt(coordinator.id, context.now);
        await auditRepository(tx).record({
          actorType: 'coordinator',
          actorId: coordinator.id,
          action: 'auth.login',
          entityType: 'session',
          entityId: created.id,
          data: { method },
          ip: context.ip,
          at: context.now,
        });
        return created;
      });
      return { token, state: stateOf(coordinator, session, token) };
    },

    /**
     * The session a cookie's token belongs to, if it is still alive: not past its absolute end,
     * not idle for longer than the idle timeout. An ended one is deleted on the spot.
     */
    async resolveSession(token: string, now: Date): Promise<SignedIn | null> {
      const session = await sessions.findByTokenHash(hashToken(token));
      if (!session) return null;
      const idle = now.getTime() - session.lastSeenAt.getTime() > idleMs;
      if (idle || now >= session.expiresAt) {
        await sessions.delete(session.id);
        return null;
      }
      const coordinator = await coordinators.findById(session.coordinatorId);
      if (!coordinator) return null;
      if (now.getTime() - session.lastSeenAt.getTime() >= touchIntervalMs) {
        await sessions.touch(session.id, now, touchIntervalMs);
      }
      return { coordinator, session, token, csrfToken: csrfTokenFor(config.appSecret, token) };
    },

    state(signedIn: SignedIn): SessionState {
      return stateOf(signedIn.coordinator, signedIn.session, signedIn.token);
    },

    async logout(signedIn: SignedIn, context: RequestContext): Promise<void> {
      await db.$transaction(async (tx) => {
        await sessionsRepository(tx).delete(signedIn.session.id);
        await auditRepository(tx).record({
          actorType: 'coordinator',
          actorId: signedIn.coordinator.id,
          action: 'auth.logout',
          entityType: 'session',
          entityId: signedIn.session.id,
          ip: context.ip,
          at: context.now,
        });
      });
    },

    /** Ends every session of the coordinator, this one included. */
    async logoutEverywhere(signedIn: SignedIn, context: RequestContext): Promise<number> {
      return db.$transaction(async (tx) => {
        const ended = await sessionsRepository(tx).deleteByCoordinator(signedIn.coordinator.id);
        await auditRepository(tx).record({
          actorType: 'coordinator',
          actorId: signedIn.coordinator.id,
          action: 'auth.logout_all',
          entityType: 'coordinator',
          entityId: signedIn.coordinator.id,
          data: { sessionsEnded: ended },
          ip: context.ip,
          at: context.now,
        });
        return ended;
      });
    },

    async listSessions(signedIn: SignedIn): Promise<Session[]> {
      const rows = await sessions.findByCoordinator(signedIn.coordinator.id);
      return rows.map((row) => ({
        id: row.id,
        userAgent: row.userAgent,
        ip: row.ip,
        createdAt: row.createdAt.toISOString(),
        lastSeenAt: row.lastSeenAt.toISOString(),
        expiresAt: row.expiresAt.toISOString(),
        current: row.id === signedIn.session.id,
      }));
    },

    /** Ends one of the coordinator's own sessions; another coordinator's is "not found". */
    async revokeSession(signedIn: SignedIn, sessionId: string, context: RequestContext): Promise<void> {
      await db.$transaction(async (tx) => {
        if (!(await sessionsRepository(tx).delete(sessionId, signedIn.coordinator.id))) throw notFound('The session');
        await auditRepository(tx).record({
          actorType: 'coordinator',
          actorId: signedIn.coordinator.id,
          action: 'auth.session_revoked',
          entityType: 'session',
          entityId: sessionId,
          ip: context.ip,
          at: context.now,
        });
      });
    },

    /**
     * Changes the password after checking the current one (a wrong one counts toward the sign-in
     * throttle: a stolen session must not become a way to guess it). Ends every other session.
     */
    async changePassword(
      signedIn: SignedIn,
      input: { currentPassword: string; newPassword: string },
      context: RequestContext,
    ): Promise<void> {
      const { coordinator } = signedIn;
      await assertNotThrottled(coordinator.email, coordinator, context);
      if (!(await verifyPassword(coordinator.passwordHash, input.currentPassword))) {
        await recordFailure(coordinator.email, coordinator.id, 'password_change', context);
        throw new AppError('validation_failed', 'The current password is not right.', {
          fields: [{ field: 'currentPassword', message: 'password_incorrect', code: 'custom' }],
        });
      }
      const passwordHash = await hashPassword(input.newPassword);
      await db.$transaction(async (tx) => {
        await coordinatorsRepository(tx).setPasswordHash(coordinator.id, passwordHash);
        const ended = await sessionsRepository(tx).deleteByCoordinator(coordinator.id, signedIn.session.id);
        await passwordResetsRepository(tx).expireUnused(coordinator.id, context.now);
        await auditRepository(tx).record({
          actorType: 'coordinator',
          actorId: coordinator.id,
          action: 'auth.password_changed',
          entityType: 'coordinator',
          entityId: coordinator.id,
          data: { otherSessionsEnded: ended },
          ip: context.ip,
          at: context.now,
        });
      });
    },

    /**
     * E-mails a reset link if the address is a coordinator's; the caller answers 202 either way.
     * A new link ends the earlier ones; at most a few an hour are sent.
     */
    async requestPasswordReset(input: { email: string; locale: Locale }, context: RequestContext): Promise<void> {
      const coordinator = await coordinators.findByEmail(normalizeEmail(input.email));
      if (!coordinator) return;
      const hourAgo = new Date(context.now.getTime() - 3_600_000);
      if ((await passwordResetsRepository(db).countCreatedSince(coordinator.id, hourAgo)) >= passwordResetsPerHour)
        return;
      const id = randomUUID();
      await db.$transaction(async (tx) => {
        const resets = passwordResetsRepository(tx);
        await resets.expireUnused(coordinator.id, context.now);
        await resets.create({
          id,
          coordinatorId: coordinator.id,
          tokenHash: hashToken(passwordResetTokenFor(config.appSecret, id)),
          ip: context.ip,
          createdAt: context.now,
          expiresAt: new Date(context.now.getTime() + passwordResetValidMinutes * 60_000),
        });
        await enqueuePasswordResetEmail(tx, {
          to: { email: coordinator.email, name: coordinator.name },
          locale: input.locale,
          facts: { passwordResetId: id, validMinutes: passwordResetValidMinutes },
        });
        await auditRepository(tx).record({
          actorType: 'system',
          actorId: null,
          action: 'auth.password_reset_requested',
          entityType: 'coordinator',
          entityId: coordinator.id,
          data: { passwordResetId: id },
          ip: context.ip,
          at: context.now,
        });
      });
    },

    /** Sets a new password from a reset link: once, before it expires; every session ends. */
    async confirmPasswordReset(input: { token: string; password: string }, context: RequestContext): Promise<void> {
      // Hashed before the transaction: argon2 takes a while and must not hold a connection.
      const passwordHash = await hashPassword(input.password);
      await db.$transaction(async (tx) => {
        const reset = await passwordResetsRepository(tx).consume(hashToken(input.token), context.now);
        if (!reset) {
          throw new AppError(
            'reset_link_invalid',
            'The link is not valid: it has been used, has expired or was replaced by a newer one.',
          );
        }
        await coordinatorsRepository(tx).setPasswordHash(reset.coordinatorId, passwordHash);
        const ended = await sessionsRepository(tx).deleteByCoordinator(reset.coordinatorId);
        await passwordResetsRepository(tx).expireUnused(reset.coordinatorId, context.now);
        await auditRepository(tx).record({
          actorType: 'coordinator',
          actorId: reset.coordinatorId,
          action: 'auth.password_reset',
          entityType: 'coordinator',
          entityId: reset.coordinatorId,
          data: { passwordResetId: reset.id, sessionsEnded: ended },
          ip: context.ip,
          at: context.now,
        });
      });
    },

    /** Throttle bookkeeping shared with the two-factor settings. */
    assertNotThrottled,
    recordFailure,
  };
}

export type AuthService = ReturnType<typeof authService>;

/**
 * Deletes what sign-in no longer needs: ended sessions (idle or past their end; they are refused
 * anyway), failures older than a day (the throttle looks back 15 minutes) and reset links expired
 * a day ago. Run daily by the maintenance job.
 */
export async function purgeEndedSignInData(db: Database, auth: AuthConfig, now: Date) {
  const dayAgo = new Date(now.getTime() - 86_400_000);
  return {
    sessions: await sessionsRepository(db).deleteExpired(
      now,
      new Date(now.getTime() - auth.sessionIdleMinutes * 60_000),
    ),
    failures: await loginFailuresRepository(db).deleteBefore(dayAgo),
    resets: await passwordResetsRepository(db).deleteExpiredBefore(dayAgo),
  };
}
