import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { setLocale } from '@/i18n/i18n';
import { buildNetwork } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';

describe('privacy notice', () => {
  it('says what is stored, why, for how long, who to contact and how to cancel', async () => {
    renderApp('/privatliv', { '/api/v1/network': buildNetwork() });
    expect(await screen.findByRole('heading', { level: 1, name: 'Privatlivserklæring' })).toBeVisible();
    for (const name of [
      'Hvem er ansvarlig',
      'Hvad vi gemmer',
      'Hvorfor',
      'Hvor længe',
      'Sådan afmelder du dig',
      'Dine rettigheder',
    ]) {
      expect(screen.getByRole('heading', { level: 2, name })).toBeVisible();
    }
    const controller = screen.getByRole('region', { name: 'Hvem er ansvarlig' });
    expect(await within(controller).findByText(/Roskilde Centralbibliotek koordinerer netværket/)).toBeVisible();
    expect(await within(controller).findByRole('link', { name: 'isabellag@roskilde.dk' })).toHaveAttribute(
      'href',
      'mailto:isabellag@roskilde.dk',
    );
    expect(screen.getByRole('region', { name: 'Sådan afmelder du dig' }).textContent).toContain('personligt link');
    expect(screen.getByRole('region', { name: 'Hvor længe' }).textContent).toContain('nødvendig for at holde mødet');
  });

  it('is linked from the footer and speaks English', async () => {
    await setLocale('en');
    renderApp('/privatliv', { '/api/v1/network': buildNetwork() });
    expect(await screen.findByRole('heading', { level: 1, name: 'Privacy notice' })).toBeVisible();
    const footer = screen.getByRole('contentinfo');
    expect(within(footer).getByRole('link', { name: 'Privacy notice' }).getAttribute('href')).toBe('/privatliv');
  });
});
