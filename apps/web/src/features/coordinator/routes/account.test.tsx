import type { ApiKey } from '@bok/shared/api-keys';
import type { SessionState } from '@bok/shared/auth';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { buildNetwork } from '@/testing/fixtures';
import { type ApiRoute, emptyResponse, problemResponse, requestsTo } from '@/testing/mock-api';
import { renderApp } from '@/testing/render-app';
import { describeDevice } from './account-route';

const coordinator = {
  id: '00000000-0000-4000-8000-0000000000c1',
  email: 'koordinator@bok.example',
  name: 'Ane Koordinator',
  totpEnabled: false,
};
const sessionState = (totpEnabled: boolean): SessionState => ({
  csrfToken: 'csrf-token-from-sign-in',
  coordinator: { ...coordinator, totpEnabled },
  expiresAt: '2026-06-01T20:00:00.000Z',
  idleTimeoutMinutes: 30,
});

function render(path: string, routes: Record<string, ApiRoute>) {
  return renderApp(path, { '/api/v1/network': buildNetwork(), ...routes });
}

const firefox = 'Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0';
const iphone =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1';

describe('the coordinator’s account', () => {
  it('names devices the way people know them', () => {
    expect(describeDevice(firefox, '?')).toBe('Firefox · Linux');
    expect(describeDevice(iphone, '?')).toBe('Safari · iPhone');
    expect(describeDevice(null, 'Ukendt enhed')).toBe('Ukendt enhed');
  });

  it('changes the password, with the rule and the API’s refusal in words', async () => {
    const { fetchMock } = render('/koordinator/konto', {
      '/api/v1/auth/session': sessionState(false),
      '/api/v1/auth/sessions': { items: [] },
      'POST /api/v1/auth/password': (_url, request) =>
        (request.body as { currentPassword: string }).currentPassword === 'korrekt hest batteri'
          ? emptyResponse()
          : problemResponse(400, {
              code: 'validation_failed',
              errors: [{ field: 'currentPassword', code: 'custom', message: 'password_incorrect' }],
            }),
    });
    const form = await screen.findByTestId('password-change');
    fireEvent.change(within(form).getByLabelText('Nuværende adgangskode'), { target: { value: 'forkert' } });
    fireEvent.change(within(form).getByLabelText(/^Ny adgangskode/), { target: { value: 'kort' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Skift adgangskode' }));
    expect(await within(form).findByText('Adgangskoden skal være mindst 12 tegn.')).toBeVisible();
    expect(requestsTo(fetchMock, '/api/v1/auth/password', 'POST')).toHaveLength(0);

    fireEvent.change(within(form).getByLabelText(/^Ny adgangskode/), { target: { value: 'en lang ny sætning' } });
    fireEvent.change(within(form).getByLabelText('Gentag adgangskoden'), { target: { value: 'en lang ny sætning' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Skift adgangskode' }));
    expect(await within(form).findByText('Adgangskoden er forkert.')).toBeVisible();

    fireEvent.change(within(form).getByLabelText('Nuværende adgangskode'), {
      target: { value: 'korrekt hest batteri' },
    });
    fireEvent.change(within(form).getByLabelText(/^Ny adgangskode/), { target: { value: 'en lang ny sætning' } });
    fireEvent.change(within(form).getByLabelText('Gentag adgangskoden'), { target: { value: 'en lang ny sætning' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Skift adgangskode' }));
    expect(await within(form).findByText(/Adgangskoden er skiftet/)).toBeVisible();
    const [, sent] = requestsTo(fetchMock, '/api/v1/auth/password', 'POST');
    expect(sent?.headers.get('x-csrf-token')).toBe('csrf-token-from-sign-in');
    expect(sent?.body).toEqual({ currentPassword: 'korrekt hest batteri', newPassword: 'en lang ny sætning' });
  });

  it('turns two-factor sign-in on with a code from the app, and shows the recovery codes once', async () => {
    let enabled = false;
    const { fetchMock } = render('/koordinator/konto', {
      '/api/v1/auth/session': () => sessionState(enabled),
      '/api/v1/auth/sessions': { items: [] },
      'POST /api/v1/auth/totp/setup': {
        secret: 'JBSWY3DPEHPK3PXP',
        uri: 'otpauth://totp/BoK%20M%C3%B8der:koordinator%40bok.example?secret=JBSWY3DPEHPK3PXP&issuer=BoK%20M%C3%B8der',
      },
      'POST /api/v1/auth/totp/enable': (_url, request) => {
        if ((request.body as { code: string }).code !== '123456')
          return problemResponse(400, {
            code: 'validation_failed',
            errors: [{ field: 'code', code: 'custom', message: 'code_incorrect' }],
          });
        enabled = true;
        return { recoveryCodes: ['aaaa-bbbb-cccc-dddd', 'eeee-ffff-gggg-hhhh'] };
      },
      'POST /api/v1/auth/totp/disable': () => {
        enabled = false;
        return emptyResponse();
      },
    });
    const section = await screen.findByTestId('two-factor');
    fireEvent.click(within(section).getByRole('button', { name: 'Slå totrinslogin til' }));
    expect(await within(section).findByTestId('totp-secret')).toHaveTextContent('JBSWY3DPEHPK3PXP');
    expect(await within(section).findByRole('img', { name: 'QR-kode til godkendelsesappen' })).toHaveAttribute(
      'src',
      expect.stringMatching(/^data:image\/png;base64,/),
    );

    fireEvent.change(within(section).getByLabelText('Kode fra din godkendelsesapp'), { target: { value: '12345' } });
    fireEvent.click(within(section).getByRole('button', { name: 'Bekræft og slå til' }));
    expect(within(section).getByLabelText('Kode fra din godkendelsesapp')).toHaveAttribute('aria-invalid', 'true');
    expect(requestsTo(fetchMock, '/api/v1/auth/totp/enable', 'POST')).toHaveLength(0);

    fireEvent.change(within(section).getByLabelText('Kode fra din godkendelsesapp'), { target: { value: '654321' } });
    fireEvent.click(within(section).getByRole('button', { name: 'Bekræft og slå til' }));
    expect(await within(section).findByText(/Koden passer ikke/)).toBeVisible();

    fireEvent.change(within(section).getByLabelText('Kode fra din godkendelsesapp'), { target: { value: '123456' } });
    fireEvent.click(within(section).getByRole('button', { name: 'Bekræft og slå til' }));
    const codes = await within(section).findByTestId('recovery-codes');
    expect(codes).toHaveTextContent('aaaa-bbbb-cccc-dddd');
    expect(await within(section).findByText(/Totrinslogin er slået til/)).toBeVisible();
    fireEvent.click(within(codes).getByRole('button', { name: 'Jeg har gemt kodene' }));
    expect(within(section).queryByTestId('recovery-codes')).toBeNull();

    fireEvent.change(within(section).getByLabelText('Adgangskode'), { target: { value: 'korrekt hest batteri' } });
    fireEvent.click(within(section).getByRole('button', { name: 'Slå totrinslogin fra' }));
    expect(await within(section).findByRole('button', { name: 'Slå totrinslogin til' })).toBeVisible();
    expect(requestsTo(fetchMock, '/api/v1/auth/totp/disable', 'POST')[0]?.body).toEqual({
      password: 'korrekt hest batteri',
    });
  });

  it('lists where the coordinator is signed in, ends another session, and signs out everywhere', async () => {
    let sessions = [
      {
        id: '00000000-0000-4000-8000-00000000000a',
        userAgent: firefox,
        ip: '10.0.0.5',
        createdAt: '2026-05-01T08:00:00.000Z',
        lastSeenAt: '2026-05-01T09:00:00.000Z',
        expiresAt: '2026-05-01T20:00:00.000Z',
        current: true,
      },
      {
        id: '00000000-0000-4000-8000-00000000000b',
        userAgent: iphone,
        ip: '10.0.0.9',
        createdAt: '2026-04-28T08:00:00.000Z',
        lastSeenAt: '2026-04-30T09:00:00.000Z',
        expiresAt: '2026-05-02T20:00:00.000Z',
        current: false,
      },
    ];
    let signedIn = true;
    const { fetchMock, router } = render('/koordinator/konto', {
      '/api/v1/auth/session': () =>
        signedIn ? sessionState(false) : problemResponse(401, { code: 'unauthenticated' }),
      '/api/v1/auth/sessions': () => ({ items: sessions }),
      'DELETE /api/v1/auth/sessions/00000000-0000-4000-8000-00000000000b': () => {
        sessions = sessions.filter((session) => session.current);
        return emptyResponse();
      },
      'POST /api/v1/auth/logout-all': () => {
        signedIn = false;
        return emptyResponse();
      },
    });
    const table = await screen.findByTestId('sessions');
    expect(within(table).getByText('Denne browser')).toBeVisible();
    fireEvent.click(within(table).getByRole('button', { name: 'Log Safari · iPhone ud' }));
    await waitFor(() => expect(within(table).queryByText('Safari · iPhone')).toBeNull());
    expect(
      requestsTo(fetchMock, '/api/v1/auth/sessions/00000000-0000-4000-8000-00000000000b', 'DELETE')[0]?.headers.get(
        'x-csrf-token',
      ),
    ).toBe('csrf-token-from-sign-in');

    fireEvent.click(screen.getByRole('button', { name: 'Log ud alle steder, også her' }));
    await waitFor(() => expect(requestsTo(fetchMock, '/api/v1/auth/logout-all', 'POST')).toHaveLength(1));
    await waitFor(() => expect(router.state.location.pathname).toBe('/koordinator/log-ind'));
  });
});

describe('API keys in the dashboard', () => {
  it('creates a key with chosen scopes, shows it once, and revokes a key after asking', async () => {
    let keys: ApiKey[] = [
      {
        id: '00000000-0000-4000-8000-0000000000a1',
        name: 'Kalenderen',
        prefix: 'bok_Ab12',
        scopes: ['meetings:read'],
        createdAt: '2026-04-01T08:00:00.000Z',
        createdBy: { id: coordinator.id, name: coordinator.name },
        lastUsedAt: null,
        revokedAt: null,
      },
    ];
    const { fetchMock } = render('/koordinator/api-noegler', {
      '/api/v1/auth/session': sessionState(false),
      '/api/v1/api-keys': () => ({ items: keys }),
      'POST /api/v1/api-keys': (_url, request) => {
        const body = request.body as { name: string; scopes: ApiKey['scopes'] };
        const created = { ...keys[0]!, id: '00000000-0000-4000-8000-0000000000a2', ...body, prefix: 'bok_Zz99' };
        keys = [created, ...keys];
        return { ...created, key: 'bok_Zz99-the-whole-secret-key' };
      },
      'DELETE /api/v1/api-keys/00000000-0000-4000-8000-0000000000a1': () => {
        keys = keys.map((key) =>
          key.id === '00000000-0000-4000-8000-0000000000a1' ? { ...key, revokedAt: '2026-05-01T10:00:00.000Z' } : key,
        );
        return emptyResponse();
      },
    });
    const form = await screen.findByTestId('new-api-key');
    fireEvent.change(within(form).getByLabelText(/^Navn/), { target: { value: 'Regnearket' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Opret nøglen' }));
    expect(await within(form).findByText('Vælg mindst én rettighed.')).toBeVisible();
    expect(requestsTo(fetchMock, '/api/v1/api-keys', 'POST')).toHaveLength(0);

    fireEvent.click(within(form).getByLabelText(/registrations:read/));
    fireEvent.click(within(form).getByLabelText(/meetings:read/));
    fireEvent.click(within(form).getByRole('button', { name: 'Opret nøglen' }));
    const created = await screen.findByTestId('created-api-key');
    expect(within(created).getByTestId('api-key-value')).toHaveTextContent('bok_Zz99-the-whole-secret-key');
    expect(requestsTo(fetchMock, '/api/v1/api-keys', 'POST')[0]?.body).toEqual({
      name: 'Regnearket',
      scopes: ['meetings:read', 'registrations:read'],
    });
    const table = await screen.findByTestId('api-keys');
    expect(await within(table).findByText('Regnearket')).toBeVisible();
    fireEvent.click(within(created).getByRole('button', { name: 'Jeg har gemt nøglen' }));
    expect(screen.queryByText('bok_Zz99-the-whole-secret-key')).toBeNull();

    fireEvent.click(within(table).getByRole('button', { name: 'Tilbagekald Kalenderen' }));
    fireEvent.click(within(table).getByRole('button', { name: 'Ja, tilbagekald Kalenderen' }));
    expect(await within(table).findByText('Tilbagekaldt')).toBeVisible();
    expect(requestsTo(fetchMock, '/api/v1/api-keys/00000000-0000-4000-8000-0000000000a1', 'DELETE')).toHaveLength(1);
  });
});
