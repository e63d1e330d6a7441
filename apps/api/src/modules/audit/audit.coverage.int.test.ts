import type { TotpSetup } from '@bok/shared/auth';
import { describe, expect, it } from 'vitest';
import { asBrowser, type Browser, createCoordinator, newPassword, signIn } from '../../../test/auth';
import { createMeeting, createRegistration, uniqueEmail } from '../../../test/factories';
import { useTestApp } from '../../../test/test-app';
import { totpCodeFor } from '../auth/auth.totp';

/*
 * Every change a coordinator can make leaves an entry in the audit log. The route table is read
 * from the app: a coordinator route that changes something and is neither walked here nor listed
 * as changing nothing fails the first test, so a new one cannot slip past the log.
 */
const changesNothing = new Map([
  ['POST /api/v1/meetings/:id/messages/preview', 'renders a message, sends nothing'],
  ['POST /api/v1/auth/totp/setup', 'a secret offered; nothing changes until /auth/totp/enable'],
]);

const { app, database } = useTestApp();
const db = () => database().prisma;

type Step = (ids: Ids) => { method: 'POST' | 'PUT' | 'PATCH' | 'DELETE'; url: string; payload?: object };
interface Ids {
  meetingId: string;
  draftId: string;
  seatId: string;
  waitingId: string;
  apiKeyId: string;
  otherSessionId: string;
}

/** In the order they can run: each a change that succeeds, made with the coordinator's session. */
const steps: Array<[route: string, step: Step]> = [
  ['PUT /api/v1/agenda-template', () => ({ method: 'PUT', url: '/api/v1/agenda-template', payload: { items: [] } })],
  [
    'POST /api/v1/meetings',
    () => ({
      method: 'POST',
      url: '/api/v1/meetings',
      payload: {
        title: 'Loggens møde',
        startsAt: new Date(Date.now() + 40 * 86_400_000).toISOString(),
        endsAt: new Date(Date.now() + 40 * 86_400_000 + 3_600_000).toISOString(),
        capacity: 20,
      },
    }),
  ],
  [
    'PATCH /api/v1/meetings/:id',
    ({ meetingId }) => ({
      method: 'PATCH',
      url: `/api/v1/meetings/${meetingId}`,
      payload: { description: 'Loggen læser med.' },
    }),
  ],
  [
    'PUT /api/v1/meetings/:id/agenda',
    ({ meetingId }) => ({ method: 'PUT', url: `/api/v1/meetings/${meetingId}/agenda`, payload: { items: [] } }),
  ],
  [
    'PUT /api/v1/meetings/:id/questions',
    ({ meetingId }) => ({
      method: 'PUT',
      url: `/api/v1/meetings/${meetingId}/questions`,
      payload: { items: [{ label: 'Middag?', kind: 'yes_no' }] },
    }),
  ],
  [
    'POST /api/v1/meetings/:id/duplicate',
    ({ meetingId }) => ({
      method: 'POST',
      url: `/api/v1/meetings/${meetingId}/duplicate`,
      payload: { startsAt: new Date(Date.now() + 80 * 86_400_000).toISOString() },
    }),
  ],
  [
    'POST /api/v1/meetings/:id/registrations/manual',
    ({ meetingId }) => ({
      method: 'POST',
      url: `/api/v1/meetings/${meetingId}/registrations/manual`,
      payload: { name: 'Hånd Tilføjet', email: uniqueEmail('log'), notify: false },
    }),
  ],
  [
    'POST /api/v1/registrations/:id/move',
    ({ waitingId }) => ({
      method: 'POST',
      url: `/api/v1/registrations/${waitingId}/move`,
      payload: { to: 'confirmed', overrideCapacity: true, notify: false },
    }),
  ],
  [
    'POST /api/v1/registrations/:id/check-in',
    ({ seatId }) => ({ method: 'POST', url: `/api/v1/registrations/${seatId}/check-in`, payload: {} }),
  ],
  [
    'POST /api/v1/registrations/:id/check-in/undo',
    ({ seatId }) => ({ method: 'POST', url: `/api/v1/registrations/${seatId}/check-in/undo`, payload: {} }),
  ],
  [
    'POST /api/v1/registrations/:id/cancel',
    ({ seatId }) => ({ method: 'POST', url: `/api/v1/registrations/${seatId}/cancel`, payload: { notify: false } }),
  ],
  [
    'POST /api/v1/meetings/:id/messages',
    ({ meetingId }) => ({
      method: 'POST',
      url: `/api/v1/meetings/${meetingId}/messages`,
      payload: { audience: 'confirmed', subject: 'Hej', body: 'Vi ses.' },
    }),
  ],
  [
    'POST /api/v1/meetings/:id/status',
    ({ meetingId }) => ({ method: 'POST', url: `/api/v1/meetings/${meetingId}/status`, payload: { status: 'closed' } }),
  ],
  ['DELETE /api/v1/meetings/:id', ({ draftId }) => ({ method: 'DELETE', url: `/api/v1/meetings/${draftId}` })],
  [
    'POST /api/v1/api-keys',
    () => ({ method: 'POST', url: '/api/v1/api-keys', payload: { name: 'Loggen', scopes: ['audit:read'] } }),
  ],
  ['DELETE /api/v1/api-keys/:id', ({ apiKeyId }) => ({ method: 'DELETE', url: `/api/v1/api-keys/${apiKeyId}` })],
  [
    'DELETE /api/v1/auth/sessions/:id',
    ({ otherSessionId }) => ({ method: 'DELETE', url: `/api/v1/auth/sessions/${otherSessionId}` }),
  ],
];

describe('the audit log covers every change a coordinator makes', () => {
  it('walks, or knowingly skips, every coordinator route that changes something', () => {
    const sessionEnding = [
      'POST /api/v1/auth/password',
      'POST /api/v1/auth/totp/enable',
      'POST /api/v1/auth/totp/disable',
      'POST /api/v1/auth/logout',
      'POST /api/v1/auth/logout-all',
    ];
    const covered = new Set([...steps.map(([route]) => route), ...changesNothing.keys(), ...sessionEnding]);
    const changing = app()
      .routeRequirements.filter((route) => route.auth !== null && !['GET', 'HEAD', 'OPTIONS'].includes(route.method))
      .map((route) => `${route.method} ${route.url}`);
    expect(changing.filter((route) => !covered.has(route))).toEqual([]);
  });

  it('writes an entry, by the coordinator, for each', async () => {
    const coordinator = await createCoordinator(db());
    const browser: Browser = await signIn(app(), coordinator);
    const other = await signIn(app(), coordinator);
    const meeting = await createMeeting(db(), { capacity: 1, waitlistEnabled: true });
    const draft = await createMeeting(db(), { status: 'draft' });
    const seat = await createRegistration(db(), meeting.id);
    const waiting = await createRegistration(db(), meeting.id, { status: 'waitlisted', waitlistPosition: 1 });
    const apiKey = await db().apiKey.findFirst({ orderBy: { createdAt: 'desc' } });
    const session = await db().session.findFirstOrThrow({
      where: { coordinatorId: coordinator.id },
      orderBy: { createdAt: 'desc' },
    });
    expect(other.cookie).not.toBe(browser.cookie);
    const ids: Ids = {
      meetingId: meeting.id,
      draftId: draft.id,
      seatId: seat.id,
      waitingId: waiting.id,
      apiKeyId: apiKey?.id ?? '',
      otherSessionId: session.id,
    };
    const entries = () => db().auditLog.count({ where: { actorType: 'coordinator', actorId: coordinator.id } });

    const missing: string[] = [];
    for (const [route, step] of steps) {
      if (route === 'DELETE /api/v1/api-keys/:id') {
        const created = await db().apiKey.findFirstOrThrow({
          where: { name: 'Loggen' },
          orderBy: { createdAt: 'desc' },
        });
        ids.apiKeyId = created.id;
      }
      const before = await entries();
      const response = await app().inject({ ...step(ids), headers: asBrowser(browser) });
      expect(response.statusCode, `${route}: ${response.body}`).toBeLessThan(300);
      if ((await entries()) <= before) missing.push(route);
    }

    // The changes that end or secure the session, last.
    const changedPassword = newPassword();
    const before = await entries();
    const setup = (
      await app().inject({ method: 'POST', url: '/api/v1/auth/totp/setup', headers: asBrowser(browser) })
    ).json<TotpSetup>();
    const enabled = await app().inject({
      method: 'POST',
      url: '/api/v1/auth/totp/enable',
      headers: asBrowser(browser),
      payload: { code: totpCodeFor(setup.secret, new Date()) },
    });
    expect(enabled.statusCode).toBe(200);
    const disabled = await app().inject({
      method: 'POST',
      url: '/api/v1/auth/totp/disable',
      headers: asBrowser(browser),
      payload: { password: coordinator.password },
    });
    expect(disabled.statusCode).toBe(204);
    const changed = await app().inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: asBrowser(browser),
      payload: { currentPassword: coordinator.password, newPassword: changedPassword },
    });
    expect(changed.statusCode).toBe(204);
    expect(await entries()).toBeGreaterThanOrEqual(before + 3);
    const all = await app().inject({ method: 'POST', url: '/api/v1/auth/logout-all', headers: asBrowser(browser) });
    expect(all.statusCode).toBe(204);
    const again = await signIn(app(), { ...coordinator, password: changedPassword });
    expect(
      (await app().inject({ method: 'POST', url: '/api/v1/auth/logout', headers: asBrowser(again) })).statusCode,
    ).toBe(204);
    const actions = (
      await db().auditLog.findMany({ where: { actorId: coordinator.id }, select: { action: true } })
    ).map((entry) => entry.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'auth.totp_enabled',
        'auth.totp_disabled',
        'auth.password_changed',
        'auth.logout_all',
        'auth.logout',
      ]),
    );
    expect(missing).toEqual([]);
  });
});
