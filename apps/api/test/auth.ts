import { randomBytes } from 'node:crypto';
import { type ApiScope, apiScopes } from '@bok/shared/api-keys';
import type { SessionState } from '@bok/shared/auth';
import type { Database } from '../src/db/prisma';
import { testConfig } from '../src/lib/config';
import { seal } from '../src/lib/secret-box';
import { apiKeysService } from '../src/modules/api-keys/api-keys.service';
import { hashPassword } from '../src/modules/auth/auth.passwords';
import { totpSecretPurpose } from '../src/modules/auth/auth.service';
import { newTotpSecret } from '../src/modules/auth/auth.totp';
import { uniqueEmail } from './factories';
import type { TestApp } from './test-app';

/** A password that passes the rule, different each time. */
export const newPassword = () => `korrekt hest batteri ${randomBytes(4).toString('hex')}`;

/** A clock the test moves by hand, for timeouts and expiries. */
export function testClock(start = new Date()) {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    advance(ms: number) {
      now += ms;
    },
    set(instant: Date) {
      now = instant.getTime();
    },
  };
}

/** A coordinator written to the database (argon2 hash of `password`), with TOTP on if asked. */
export async function createCoordinator(
  db: Database,
  options: { password?: string; totp?: boolean; appSecret?: string; name?: string } = {},
) {
  const password = options.password ?? newPassword();
  const email = uniqueEmail('koordinator');
  const totpSecret = options.totp ? newTotpSecret() : null;
  const coordinator = await db.coordinator.create({
    data: {
      email,
      name: options.name ?? 'Test Koordinator',
      passwordHash: await hashPassword(password),
      ...(totpSecret
        ? {
            totpSecret: seal(options.appSecret ?? testConfig.appSecret, totpSecretPurpose, totpSecret),
            totpEnabledAt: new Date(),
          }
        : {}),
    },
  });
  return { ...coordinator, password, totpSecret };
}

/** A signed-in browser: its cookie header and CSRF token. */
export interface Browser {
  cookie: string;
  csrfToken: string;
  state: SessionState;
}

/** The `name=value` of the session cookie in a response. */
export function sessionCookieOf(response: { headers: Record<string, unknown> }): string {
  const header = [response.headers['set-cookie']]
    .flat()
    .find((value) => typeof value === 'string' && /bok_session=/.test(value));
  if (typeof header !== 'string') throw new Error('no session cookie was set');
  return header.split(';')[0]!;
}

export async function signIn(
  app: TestApp,
  credentials: { email: string; password: string; totp?: string; recoveryCode?: string },
  headers: Record<string, string> = {},
): Promise<Browser> {
  const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: credentials, headers });
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
  const state = response.json<SessionState>();
  return { cookie: sessionCookieOf(response), csrfToken: state.csrfToken, state };
}

/** Headers of a request made by a signed-in browser (with the CSRF token unless told not to). */
export function asBrowser(browser: Browser, options: { csrf?: boolean } = {}): Record<string, string> {
  return { cookie: browser.cookie, ...(options.csrf === false ? {} : { 'x-csrf-token': browser.csrfToken }) };
}

/** A new API key with the given scopes (all by default): its key and id. */
export async function createApiKey(db: Database, scopes: readonly ApiScope[] = apiScopes) {
  const created = await apiKeysService(db).create(
    { name: `Testnøgle ${randomBytes(3).toString('hex')}`, scopes: [...scopes] },
    { type: 'system', id: null, scopes: apiScopes },
    { ip: null, now: new Date() },
  );
  return created;
}

export const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
