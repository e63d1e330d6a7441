import type { RecoveryCodes, TotpSetup } from '@bok/shared/auth';
import { describe, expect, it } from 'vitest';
import { asBrowser, createCoordinator, signIn, testClock } from '../../../test/auth';
import { useTestApp } from '../../../test/test-app';
import { defaultAuthConfig } from '../../lib/config';
import { totpCodeFor } from './auth.totp';

const clock = testClock();
const { app, database } = useTestApp({ now: clock.now });
const db = () => database().prisma;

let addressCounter = 0;
const fromAddress = () => ({ remoteAddress: `10.9.0.${++addressCounter}` });
const login = (payload: Record<string, string>) =>
  app().inject({ method: 'POST', url: '/api/v1/auth/login', payload, ...fromAddress() });
/** A code from the next 30-second step: each sign-in below needs one not used before. */
const nextCode = (secret: string) => {
  clock.advance(30_000);
  return totpCodeFor(secret, clock.now());
};

describe('two-factor sign-in (TOTP)', () => {
  it('is set up with a code from the app, and answers 10 recovery codes once', async () => {
    const coordinator = await createCoordinator(db());
    const browser = await signIn(app(), coordinator);
    const setup = await app().inject({ method: 'POST', url: '/api/v1/auth/totp/setup', headers: asBrowser(browser) });
    expect(setup.statusCode).toBe(200);
    const { secret, uri } = setup.json<TotpSetup>();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(uri).toMatch(/^otpauth:\/\/totp\/BoK%20M%C3%B8der:/);
    expect(uri).toContain(`secret=${secret}`);
    // Pending until confirmed: signing in still needs the password only, and the secret is not stored in clear.
    await signIn(app(), coordinator);
    const row = await db().coordinator.findUniqueOrThrow({ where: { id: coordinator.id } });
    expect(row.totpPendingSecret).not.toContain(secret);
    expect(row.totpEnabledAt).toBeNull();

    const enable = (code: string) =>
      app().inject({ method: 'POST', url: '/api/v1/auth/totp/enable', headers: asBrowser(browser), payload: { code } });
    const wrong = await enable(totpCodeFor(secret, new Date(clock.now().getTime() - 10 * 60_000)));
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors).toEqual([{ field: 'code', message: 'code_incorrect', code: 'custom' }]);
    const enabled = await enable(totpCodeFor(secret, clock.now()));
    expect(enabled.statusCode).toBe(200);
    const { recoveryCodes } = enabled.json<RecoveryCodes>();
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    const stored = await db().recoveryCode.findMany({ where: { coordinatorId: coordinator.id } });
    expect(stored).toHaveLength(10);
    expect(JSON.stringify(stored)).not.toContain(recoveryCodes[0]!.replaceAll('-', ''));

    const session = await app().inject({ method: 'GET', url: '/api/v1/auth/session', headers: asBrowser(browser) });
    expect(session.json().coordinator.totpEnabled).toBe(true);
    // Setting up again while on is refused: turn it off first.
    const again = await app().inject({ method: 'POST', url: '/api/v1/auth/totp/setup', headers: asBrowser(browser) });
    expect(again.statusCode).toBe(409);
    const audit = await db().auditLog.findMany({
      where: { actorId: coordinator.id, action: { startsWith: 'auth.totp' } },
    });
    expect(audit.map((entry) => entry.action).sort()).toEqual(['auth.totp_enabled', 'auth.totp_setup_started']);
    expect(JSON.stringify(audit)).not.toContain(secret);
  });

  it('asks for the code after a right password (401 totp_required), and refuses a code used before', async () => {
    const coordinator = await createCoordinator(db(), { totp: true });
    const secret = coordinator.totpSecret!;
    const passwordOnly = await login({ email: coordinator.email, password: coordinator.password });
    expect(passwordOnly.statusCode).toBe(401);
    expect(passwordOnly.json().code).toBe('totp_required');
    expect(passwordOnly.headers['set-cookie']).toBeUndefined();

    const code = nextCode(secret);
    const first = await login({ email: coordinator.email, password: coordinator.password, totp: code });
    expect(first.statusCode).toBe(200);
    const replayed = await login({ email: coordinator.email, password: coordinator.password, totp: code });
    expect(replayed.statusCode).toBe(401);
    expect(replayed.json().code).toBe('totp_required');
    // An older step than the last one used is a replay too, though still inside the ±1 step window.
    const earlier = totpCodeFor(secret, new Date(clock.now().getTime() - 30_000));
    const older = await login({ email: coordinator.email, password: coordinator.password, totp: earlier });
    expect(older.statusCode).toBe(401);
    expect(await db().loginFailure.count({ where: { emailNormalized: coordinator.email } })).toBe(2);

    const wrongPassword = await login({
      email: coordinator.email,
      password: 'not the right password',
      totp: nextCode(secret),
    });
    expect(wrongPassword.json().code).toBe('invalid_credentials');
  });

  it('takes each recovery code once', async () => {
    const coordinator = await createCoordinator(db());
    const browser = await signIn(app(), coordinator);
    const { secret } = (
      await app().inject({ method: 'POST', url: '/api/v1/auth/totp/setup', headers: asBrowser(browser) })
    ).json<TotpSetup>();
    const { recoveryCodes } = (
      await app().inject({
        method: 'POST',
        url: '/api/v1/auth/totp/enable',
        headers: asBrowser(browser),
        payload: { code: nextCode(secret) },
      })
    ).json<RecoveryCodes>();
    const code = recoveryCodes[3]!;
    // Typed loosely: lower case, spaces instead of hyphens.
    const first = await login({
      email: coordinator.email,
      password: coordinator.password,
      recoveryCode: code.toLowerCase().replaceAll('-', ' '),
    });
    expect(first.statusCode).toBe(200);
    const second = await login({ email: coordinator.email, password: coordinator.password, recoveryCode: code });
    expect(second.statusCode).toBe(401);
    expect(second.json().code).toBe('totp_required');
    const other = await login({
      email: coordinator.email,
      password: coordinator.password,
      recoveryCode: recoveryCodes[4]!,
    });
    expect(other.statusCode).toBe(200);
    expect(await db().recoveryCode.count({ where: { coordinatorId: coordinator.id, usedAt: null } })).toBe(8);
    const audit = await db().auditLog.findMany({ where: { actorId: coordinator.id, action: 'auth.login' } });
    expect(audit.filter((entry) => (entry.data as { method: string }).method === 'recovery_code')).toHaveLength(2);
  });

  it('counts wrong codes toward the sign-in throttle', async () => {
    const coordinator = await createCoordinator(db(), { totp: true });
    for (let i = 0; i < defaultAuthConfig.loginFailuresPerAccount; i++) {
      const response = await login({ email: coordinator.email, password: coordinator.password, totp: '000000' });
      expect(response.statusCode).toBe(401);
    }
    const right = await login({
      email: coordinator.email,
      password: coordinator.password,
      totp: nextCode(coordinator.totpSecret!),
    });
    expect(right.statusCode).toBe(429);
  });

  it('is turned off with the password (a wrong one refused), then the password alone signs in', async () => {
    const coordinator = await createCoordinator(db(), { totp: true });
    const browser = await signIn(app(), { ...coordinator, totp: nextCode(coordinator.totpSecret!) });
    const disable = (payload: Record<string, string>) =>
      app().inject({ method: 'POST', url: '/api/v1/auth/totp/disable', headers: asBrowser(browser), payload });
    expect((await disable({})).statusCode).toBe(400);
    const wrong = await disable({ password: 'not the right password' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0]).toMatchObject({ field: 'password', message: 'password_incorrect' });
    expect((await disable({ password: coordinator.password })).statusCode).toBe(204);
    expect((await login({ email: coordinator.email, password: coordinator.password })).statusCode).toBe(200);
    expect(await db().auditLog.count({ where: { actorId: coordinator.id, action: 'auth.totp_disabled' } })).toBe(1);
  });

  it('is turned off with a current code, which cannot then be replayed', async () => {
    const coordinator = await createCoordinator(db(), { totp: true });
    const browser = await signIn(app(), { ...coordinator, totp: nextCode(coordinator.totpSecret!) });
    const used = totpCodeFor(coordinator.totpSecret!, clock.now());
    const replay = await app().inject({
      method: 'POST',
      url: '/api/v1/auth/totp/disable',
      headers: asBrowser(browser),
      payload: { code: used },
    });
    expect(replay.statusCode).toBe(400);
    const fresh = await app().inject({
      method: 'POST',
      url: '/api/v1/auth/totp/disable',
      headers: asBrowser(browser),
      payload: { code: nextCode(coordinator.totpSecret!) },
    });
    expect(fresh.statusCode).toBe(204);
  });
});
