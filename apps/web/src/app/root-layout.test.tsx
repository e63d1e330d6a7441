import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { buildNetwork } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';

const api = { '/api/v1/network': buildNetwork() };

describe('layout', () => {
  it('has landmarks, a skip link, the site name and the main navigation', async () => {
    renderApp('/', api);
    await screen.findByRole('heading', { level: 1 });
    expect(screen.getByRole('banner')).toBeVisible();
    expect(screen.getByRole('main').id).toBe('main');
    expect(screen.getByRole('link', { name: 'Spring til indhold' }).getAttribute('href')).toBe('#main');
    expect(screen.getByRole('link', { name: /^BoK Møder/ })).toHaveAttribute('href', '/');

    const nav = screen.getByRole('navigation', { name: 'Hovedmenu' });
    expect(within(nav).getByRole('link', { name: 'Netværket' }).getAttribute('aria-current')).toBe('page');
    expect(within(nav).getByRole('link', { name: 'Arkiv' }).getAttribute('aria-current')).toBeNull();
  });

  it('lets the skip link land focus on the main content', async () => {
    renderApp('/', api);
    await screen.findByRole('heading', { level: 1 });
    const main = screen.getByRole('main');
    // jsdom does not follow fragment links; what the browser needs is a focusable target.
    expect(main.tabIndex).toBe(-1);
    main.focus();
    expect(document.activeElement).toBe(main);
  });

  it('moves focus to the main content after client-side navigation', async () => {
    renderApp('/', { ...api, '/api/v1/meetings': { items: [], page: 1, pageSize: 10, total: 0 } });
    await screen.findByRole('heading', { level: 1 });
    fireEvent.click(screen.getByRole('link', { name: 'Arkiv' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Arkiv' })).toBeVisible();
    expect(document.activeElement).toBe(screen.getByRole('main'));
  });

  it('shows the coordinator in the footer', async () => {
    renderApp('/arkiv', { ...api, '/api/v1/meetings': { items: [], page: 1, pageSize: 10, total: 0 } });
    const footer = await screen.findByRole('contentinfo');
    const link = await within(footer).findByRole('link', { name: 'isabellag@roskilde.dk' });
    expect(link.getAttribute('href')).toBe('mailto:isabellag@roskilde.dk');
    expect(footer.textContent).toContain('Netværket koordineres af Roskilde Centralbibliotek.');
  });

  it('switches language, remembers it and sets <html lang>', async () => {
    renderApp('/', api);
    await screen.findByRole('heading', { level: 1 });
    expect(document.documentElement.lang).toBe('da');

    const languageSwitch = screen.getByTestId('language-switch');
    const english = within(languageSwitch).getByRole('button', { name: 'English' });
    expect(english.getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(english);

    expect(await screen.findByRole('navigation', { name: 'Main menu' })).toBeVisible();
    expect(screen.getByRole('link', { name: 'Archive' })).toHaveAttribute('href', '/arkiv');
    expect(screen.getByRole('heading', { level: 2, name: 'Upcoming meetings' })).toBeVisible();
    expect(screen.getAllByTestId('meeting-card')[0]?.textContent).toContain('Thursday, 11 June 2026');
    expect(english.getAttribute('aria-pressed')).toBe('true');
    expect(document.documentElement.lang).toBe('en');
    expect(window.localStorage.getItem('bok-moder.language')).toBe('en');

    fireEvent.click(within(languageSwitch).getByRole('button', { name: 'Dansk' }));
    expect(await screen.findByRole('navigation', { name: 'Hovedmenu' })).toBeVisible();
    expect(document.documentElement.lang).toBe('da');
    expect(window.localStorage.getItem('bok-moder.language')).toBe('da');
  });

  it('shows a 404 page for unknown routes, inside the layout', async () => {
    renderApp('/findes/ikke', api);
    expect(await screen.findByRole('heading', { level: 1, name: 'Siden findes ikke' })).toBeVisible();
    expect(screen.getByRole('link', { name: 'Gå til forsiden' }).getAttribute('href')).toBe('/');
    expect(screen.getByRole('navigation', { name: 'Hovedmenu' })).toBeVisible();
  });
});
