import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { buildNetwork } from '@/testing/fixtures';
import { emptyResponse, jsonResponse, problemResponse, requestsTo } from '@/testing/mock-api';
import { renderApp } from '@/testing/render-app';

const token = 'cmVzZXQtdG9rZW4tZnJvbS10aGUtZS1tYWls';

describe('a forgotten password', () => {
  it('asks for a link in the page’s language, and says the same whatever the address', async () => {
    const { fetchMock } = renderApp('/koordinator/glemt-adgangskode', {
      '/api/v1/network': buildNetwork(),
      // As the API answers it: 202, `null`.
      'POST /api/v1/auth/password-reset': jsonResponse(null, 202),
    });
    fireEvent.change(await screen.findByLabelText('E-mail'), { target: { value: 'ane@roskilde.dk' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send linket' }));
    expect(await screen.findByTestId('reset-requested')).toHaveTextContent('Hvis adressen hører til en koordinator');
    expect(requestsTo(fetchMock, '/api/v1/auth/password-reset', 'POST')[0]?.body).toEqual({
      email: 'ane@roskilde.dk',
      locale: 'da',
    });
  });

  it('takes the token out of the address bar, checks the new password, and sets it', async () => {
    const { fetchMock, router } = renderApp(`/koordinator/ny-adgangskode#token=${token}`, {
      '/api/v1/network': buildNetwork(),
      'POST /api/v1/auth/password-reset/confirm': emptyResponse(204),
    });
    const password = await screen.findByLabelText('Ny adgangskode');
    await waitFor(() => expect(router.history.location.hash).toBe(''));

    fireEvent.change(password, { target: { value: 'for kort' } });
    fireEvent.click(screen.getByRole('button', { name: 'Gem adgangskoden' }));
    expect(await screen.findByText('Adgangskoden skal være mindst 12 tegn.')).toBeVisible();

    fireEvent.change(password, { target: { value: 'korrekt hest batteri klips' } });
    fireEvent.change(screen.getByLabelText('Gentag adgangskoden'), { target: { value: 'korrekt hest batteri klip' } });
    fireEvent.click(screen.getByRole('button', { name: 'Gem adgangskoden' }));
    expect(await screen.findByText('De to adgangskoder er ikke ens.')).toBeVisible();
    expect(requestsTo(fetchMock, '/api/v1/auth/password-reset/confirm', 'POST')).toHaveLength(0);

    fireEvent.change(screen.getByLabelText('Gentag adgangskoden'), { target: { value: 'korrekt hest batteri klips' } });
    fireEvent.click(screen.getByRole('button', { name: 'Gem adgangskoden' }));
    expect(await screen.findByTestId('reset-done')).toHaveTextContent('du er logget ud alle steder');
    expect(requestsTo(fetchMock, '/api/v1/auth/password-reset/confirm', 'POST')[0]?.body).toEqual({
      token,
      password: 'korrekt hest batteri klips',
    });
  });

  it('says when the link no longer works, and offers a new one', async () => {
    renderApp(`/koordinator/ny-adgangskode#token=${token}`, {
      '/api/v1/network': buildNetwork(),
      'POST /api/v1/auth/password-reset/confirm': problemResponse(400, { code: 'reset_link_invalid' }),
    });
    fireEvent.change(await screen.findByLabelText('Ny adgangskode'), {
      target: { value: 'korrekt hest batteri klips' },
    });
    fireEvent.change(screen.getByLabelText('Gentag adgangskoden'), { target: { value: 'korrekt hest batteri klips' } });
    fireEvent.click(screen.getByRole('button', { name: 'Gem adgangskoden' }));
    expect(await screen.findByTestId('reset-invalid')).toHaveTextContent('Linket virker ikke længere');
    expect(screen.getByRole('link', { name: 'Glemt adgangskode' })).toBeVisible();
  });
});
