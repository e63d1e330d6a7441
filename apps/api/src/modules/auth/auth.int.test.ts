import type { SessionList, SessionState } from '@bok/shared/auth';
import { describe, expect, it } from 'vitest';
import { asBrowser, createCoordinator, newPassword, sessionCookieOf, signIn, testClock } from '../../../test/auth';
import { uniqueEmail } from '../../../test/factories';
import { useTestApp } from '../../../test/test-app';
import { defaultAuthConfig } from '../../lib/config';
import { purgeEndedSignInData } from './auth.service';

const MINUTE = 60_000;
const clock = testClock();
const { app, database } = useTestApp({ now: clock.now, config: { auth: { ...defaultAuthConfig } } });
const db = () => database().prisma;

/** Each test signs in from an address of its own, so the per-address throttle is per test. */
let addressCounter = 0;
const fromAddress = () => ({ remoteAddress: `10.0.${Math.floor(++addressCounter / 250)}.${addressCounter % 250}` });

describe('sign-in', () => {
  it('sets an HttpOnly, SameSite session cookie and answers the coordinator with a CSRF token', async () => {
    const coordinator = await createCoordinator(db());
    const response = await app().inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: coordinator.email.toUpperCase(), password: coordinator.password },
    });
    expect(response.statusCode).toBe(200);
    const state = response.json<SessionState>();
    expect(state.coordinator).toEqual({
      id: coordinator.id,
      email: coordinator.email,
      name: coordinator.name,
      totpEnabled: false,
    });
    expect(state.csrfToken).toMatch(/^[\w-]{43}$/);
    expect(response.headers['cache-control']).toBe('no-store');
    const setCookie = String(response.headers['set-cookie']);
    expect(setCookie).toMatch(/^bok_session=[\w-]{43};/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Lax');
    expect(setCookie).toContain('Path=/');
    // Plain http in the tests: Secure (and so __Host-) would make browsers drop the cookie.
    expect(setCookie).not.toContain('Secure');
    // The token itself is never stored: only its hash.
    const token = sessionCookieOf(response).split('=')[1]!;
    const rows = await db().session.findMany({ where: { coordinatorId: coordinator.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).not.toContain(token);
    expect(JSON.stringify(await db().auditLog.findMany({ where: { actorId: coordinator.id } }))).not.toContain(token);
  });

  it('answers unknown address and wrong password alike: 401 invalid_credentials', async () => {
    const coordinator = await createCoordinator(db());
    const wrong = await app().inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: coordinator.email, password: 'not the right password' },
      ...fromAddress(),
    });
    const unknown = await app().inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: uniqueEmail('ukendt'), password: 'not the right password' },
      ...fromAddress(),
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    const strip = (body: Record<string, unknown>) => ({ ...body, instance: undefined });
    expect(strip(wrong.json())).toEqual(strip(unknown.json()));
    expect(wrong.json().code).toBe('invalid_credentials');
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('takes about as long for an unknown address as for a wrong password (a dummy argon2 check)', async () => {
    const coordinator = await createCoordinator(db());
    const time = async (email: string) => {
      const started = performance.now();
      await app().inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email, password: 'not the right password' },
        ...fromAddress(),
      });
      return performance.now() - started;
    };
    await time(uniqueEmail('opvarmning'));
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 3; i++) {
      known.push(await time(coordinator.email));
      unknown.push(await time(uniqueEmail('ukendt')));
    }
    const median = (values: number[]) => values.sort((a, b) => a - b)[1]!;
    // An argon2 verification is tens of milliseconds; without the dummy one an unknown address would take ~1 ms.
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.5);
  });

  it('gives a new session at every sign-in and ends the one the browser had', async () => {
    const coordinator = await createCoordinator(db());
    const first = await signIn(app(), coordinator);
    const second = await signIn(app(), coordinator, { cookie: first.cookie });
    expect(second.cookie).not.toBe(first.cookie);
    const old = await app().inject({ method: 'GET', url: '/api/v1/auth/session', headers: { cookie: first.cookie } });
    expect(old.statusCode).toBe(401);
    expect(await db().session.count({ where: { coordinatorId: coordinator.id } })).toBe(1);
  });

  it('GET /auth/session answers the same CSRF token again after a reload', async () => {
    const coordinator = await createCoordinator(db());
    const browser = await signIn(app(), coordinator);
    const response = await app().inject({
      method: 'GET',
      url: '/api/v1/auth/session',
      headers: { cookie: browser.cookie },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json<SessionState>().csrfToken).toBe(browser.csrfToken);
  });
});

describe('CSRF', () => {
  it('refuses a state-changing request with the session cookie but without the token, or with a wrong one', async () => {
    const coordinator = await createCoordinator(db());
    const browser = await signIn(app(), coordinator);
    const without = await app().inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: browser.cookie },
    });
    expect(without.statusCode).toBe(403);
    expect(without.headers['content-type']).toContain('application/problem+json');
    expect(without.json().code).toBe('csrf_failed');
    const wrong = await app().inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: {
        cookie: browser.cookie,
        'x-csrf-token': `${browser.csrfToken.slice(0, -1)}${browser.csrfToken.endsWith('A') ? 'B' : 'A'}`,
      },
    });
    expect(wrong.json().code).toBe('csrf_failed');
    // Another session's token does not fit this one.
    const other = await signIn(app(), coordinator);
    const crossed = await app().inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: browser.cookie, 'x-csrf-token': other.csrfToken },
    });
    expect(crossed.json().code).toBe('csrf_failed');
    // Still signed in: nothing happened.
    const still = await app().inject({
      method: 'GET',
      url: '/api/v1/auth/session',
      headers: { cookie: browser.cookie },
    });
    expect(still.statusCode).toBe(200);
  });
});

describe('sign-out', () => {
  it('ends the session at once: the same cookie is refused on the next request', async () => {
    const coordinator = await createCoordinator(db());
    const browser = await signIn(app(), coordinator);
    const out = await app().inject({ method: 'POST', url: '/api/v1/auth/logout', headers: asBrowser(browser) });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/bok_session=;.*Expires=Thu, 01 Jan 1970/);
    const after = await app().inject({
      method: 'GET',
      url: '/api/v1/auth/session',
      headers: { cookie: browser.cookie },
    });
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('unauthenticated');
    const actions = (await db().auditLog.findMany({ where: { actorId: coordinator.id }, orderBy: { at: 'asc' } })).map(
      (entry) => entry.action,
    );
    expect(actions).toEqual(['auth.login', 'auth.logout']);
  });

  it('everywhere: every session of the coordinator ends, other coordinators’ do not', async () => {
    const coordinator = await createCoordinator(db());
    const someoneElse = await createCoordinator(db());
    const [a, b] = [await signIn(app(), coordinator), await signIn(app(), coordinator)];
    const other = await signIn(app(), someoneElse);
    expect(
      (await app().inject({ method: 'POST', url: '/api/v1/auth/logout-all', headers: asBrowser(a) })).statusCode,
    ).toBe(204);
    for (const browser of [a, b]) {
      const response = await app().inject({
        method: 'GET',
        url: '/api/v1/auth/session',
        headers: { cookie: browser.cookie },
      });
      expect(response.statusCode).toBe(401);
    }
    const untouched = await app().inject({
      method: 'GET',
      url: '/api/v1/auth/session',
      headers: { cookie: other.cookie },
    });
    expect(untouched.statusCode).toBe(200);
  });

  it('lists my sessions and revokes one: refused at once', async () => {
    const coordinator = await createCoordinator(db());
    const laptop = await signIn(app(), coordinator, { 'user-agent': 'Laptop/1.0' });
    const phone = await signIn(app(), coordinator, { 'user-agent': 'Phone/2.0' });
    const list = await app().inject({
      method: 'GET',
      url: '/api/v1/auth/sessions',
      headers: { cookie: laptop.cookie },
    });
    const items = list.json<SessionList>().items;
    expect(items.map((item) => [item.userAgent, item.current]).sort()).toEqual([
      ['Laptop/1.0', true],
      ['Phone/2.0', false],
    ]);
    const phoneSession = items.find((item) => item.userAgent === 'Phone/2.0')!;
    const revoked = await app().inject({
      method: 'DELETE',
      url: `/api/v1/auth/sessions/${phoneSession.id}`,
      headers: asBrowser(laptop),
    });
    expect(revoked.statusCode).toBe(204);
    const refused = await app().inject({
      method: 'GET',
      url: '/api/v1/auth/session',
      headers: { cookie: phone.cookie },
    });
    expect(refused.statusCode).toBe(401);
    // Someone else's session is not mine to end.
    const other = await signIn(app(), await createCoordinator(db()));
    const otherId = (
      await app().inject({ method: 'GET', url: '/api/v1/auth/sessions', headers: { cookie: other.cookie } })
    ).json<SessionList>().items[0]!.id;
    const notMine = await app().inject({
      method: 'DELETE',
      url: `/api/v1/auth/sessions/${otherId}`,
      headers: asBrowser(laptop),
    });
    expect(notMine.statusCode).toBe(404);
  });
});

describe('session timeouts', () => {
  it('ends a session idle for longer than the idle timeout; activity keeps it alive', async () => {
    const coordinator = await createCoordinator(db());
    const browser = await signIn(app(), coordinator);
    const check = () =>
      app().inject({ method: 'GET', url: '/api/v1/auth/session', headers: { cookie: browser.cookie } });
    // Active every 20 minutes for an hour: alive.
    for (let i = 0; i < 3; i++) {
      clock.advance(20 * MINUTE);
      expect((await check()).statusCode).toBe(200);
    }
    clock.advance(defaultAuthConfig.sessionIdleMinutes * MINUTE + MINUTE);
    const idle = await check();
    expect(idle.statusCode).toBe(401);
    expect(idle.json().code).toBe('unauthenticated');
    expect(await db().session.count({ where: { coordinatorId: coordinator.id } })).toBe(0);
  });

  it('ends a session at its absolute end, however active', async () => {
    const coordinator = await createCoordinator(db());
    const browser = await signIn(app(), coordinator);
    const check = () =>
      app().inject({ method: 'GET', url: '/api/v1/auth/session', headers: { cookie: browser.cookie } });
    const steps = (defaultAuthConfig.sessionMaxHours * 60) / 20;
    for (let i = 1; i < steps; i++) {
      clock.advance(20 * MINUTE);
      expect((await check()).statusCode, `after ${i * 20} minutes`).toBe(200);
    }
    clock.advance(20 * MINUTE);
    expect((await check()).statusCode).toBe(401);
  });
});

describe('throttling', () => {
  it('refuses an account after 5 failures in 15 minutes, even with the right password, and lets it in after', async () => {
    const coordinator = await createCoordinator(db());
    for (let i = 0; i < defaultAuthConfig.loginFailuresPerAccount; i++) {
      const response = await app().inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: coordinator.email, password: `forkert ${i} forkert` },
        ...fromAddress(),
      });
      expect(response.statusCode).toBe(401);
    }
    const right = () =>
      app().inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: coordinator.email, password: coordinator.password },
        ...fromAddress(),
      });
    const throttled = await right();
    expect(throttled.statusCode).toBe(429);
    expect(throttled.json().code).toBe('rate_limited');
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    clock.advance(16 * MINUTE);
    expect((await right()).statusCode).toBe(200);
  });

  it('counts unknown addresses the same way, so a 429 tells nothing either', async () => {
    const email = uniqueEmail('ukendt');
    const statuses: number[] = [];
    for (let i = 0; i <= defaultAuthConfig.loginFailuresPerAccount; i++) {
      statuses.push(
        (
          await app().inject({
            method: 'POST',
            url: '/api/v1/auth/login',
            payload: { email, password: 'not the right password' },
            ...fromAddress(),
          })
        ).statusCode,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('refuses a client address after 20 failures, whatever the accounts', async () => {
    const address = { remoteAddress: '192.0.2.77' };
    for (let i = 0; i < defaultAuthConfig.loginFailuresPerIp; i++) {
      const response = await app().inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: uniqueEmail('gaet'), password: 'not the right password' },
        ...address,
      });
      expect(response.statusCode).toBe(401);
    }
    const coordinator = await createCoordinator(db());
    const response = await app().inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: coordinator.email, password: coordinator.password },
      ...address,
    });
    expect(response.statusCode).toBe(429);
    const elsewhere = await signIn(app(), coordinator);
    expect(elsewhere.state.coordinator.id).toBe(coordinator.id);
    expect(await db().loginFailure.count({ where: { ip: '192.0.2.77' } })).toBe(defaultAuthConfig.loginFailuresPerIp);
    const audit = await db().auditLog.findFirst({ where: { action: 'auth.login_failed', ip: '192.0.2.77' } });
    expect(audit?.data).toMatchObject({ reason: 'unknown_email' });
  });
});

describe('changing the password', () => {
  it('needs the current password, refuses a common one, and ends the other sessions', async () => {
    const coordinator = await createCoordinator(db());
    const here = await signIn(app(), coordinator);
    const there = await signIn(app(), coordinator);
    const change = (payload: Record<string, string>) =>
      app().inject({ method: 'POST', url: '/api/v1/auth/password', headers: asBrowser(here), payload });

    const wrongCurrent = await change({ currentPassword: 'not the right password', newPassword: newPassword() });
    expect(wrongCurrent.statusCode).toBe(400);
    expect(wrongCurrent.json().errors).toEqual([
      { field: 'currentPassword', message: 'password_incorrect', code: 'custom' },
    ]);
    const common = await change({ currentPassword: coordinator.password, newPassword: 'qwertyuiop123' });
    expect(common.statusCode).toBe(400);
    expect(common.json().errors).toEqual([{ field: 'newPassword', message: 'password_too_common', code: 'custom' }]);
    const short = await change({ currentPassword: coordinator.password, newPassword: 'kort' });
    expect(short.json().errors[0]).toMatchObject({ field: 'newPassword', message: 'password_too_short' });

    const password = newPassword();
    expect((await change({ currentPassword: coordinator.password, newPassword: password })).statusCode).toBe(204);
    expect(
      (await app().inject({ method: 'GET', url: '/api/v1/auth/session', headers: { cookie: here.cookie } })).statusCode,
    ).toBe(200);
    expect(
      (await app().inject({ method: 'GET', url: '/api/v1/auth/session', headers: { cookie: there.cookie } }))
        .statusCode,
    ).toBe(401);
    await expect(signIn(app(), coordinator)).rejects.toThrow(/401/);
    await signIn(app(), { email: coordinator.email, password });
    const actions = await db().auditLog.findMany({
      where: { actorId: coordinator.id, action: 'auth.password_changed' },
    });
    expect(actions).toHaveLength(1);
    expect(JSON.stringify(actions)).not.toContain(password);
  });
});

describe('housekeeping', () => {
  it('purges ended sessions and old failures, and keeps live ones', async () => {
    const coordinator = await createCoordinator(db());
    await signIn(app(), coordinator);
    const now = clock.now().getTime();
    const ended = (overrides: { lastSeenAt?: Date; expiresAt?: Date }) =>
      db().session.create({
        data: {
          coordinatorId: coordinator.id,
          tokenHash: `ended-${Math.random()}`,
          createdAt: new Date(now - 60 * MINUTE),
          lastSeenAt: new Date(now - MINUTE),
          expiresAt: new Date(now + 60 * MINUTE),
          ...overrides,
        },
      });
    const idle = await ended({ lastSeenAt: new Date(now - (defaultAuthConfig.sessionIdleMinutes + 1) * MINUTE) });
    const expired = await ended({ expiresAt: new Date(now - MINUTE) });
    await db().loginFailure.create({
      data: { emailNormalized: coordinator.email, ip: null, at: new Date(now - 25 * 60 * MINUTE) },
    });
    const purged = await purgeEndedSignInData(db(), defaultAuthConfig, clock.now());
    expect(purged.sessions).toBeGreaterThanOrEqual(2);
    expect(purged.failures).toBeGreaterThanOrEqual(1);
    const left = await db().session.findMany({ where: { coordinatorId: coordinator.id } });
    expect(left).toHaveLength(1);
    expect(left.map((row) => row.id)).not.toEqual(expect.arrayContaining([idle.id]));
    expect(left.map((row) => row.id)).not.toEqual(expect.arrayContaining([expired.id]));
    expect(await db().loginFailure.count({ where: { emailNormalized: coordinator.email } })).toBe(0);
  });
});
