import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { buildMeetingSummary, buildNetwork } from '@/testing/fixtures';
import { problemResponse } from '@/testing/mock-api';
import { renderApp } from '@/testing/render-app';

describe('network page', () => {
  it("shows the network's texts, themes, commitments and contact", async () => {
    const network = buildNetwork();
    renderApp('/', { '/api/v1/network': network });

    expect(await screen.findByRole('heading', { level: 1, name: network.name })).toBeVisible();
    expect(screen.getAllByRole('heading', { level: 1 })).toHaveLength(1);
    expect(screen.getByText(network.tagline)).toBeVisible();
    for (const name of [
      'Om netværket',
      'Formål',
      'Målgruppe',
      'Temaer',
      'Det forpligter du dig til',
      'Sådan mødes vi',
    ]) {
      expect(screen.getByRole('heading', { level: 2, name })).toBeVisible();
    }
    // Blank lines in the API's text become paragraphs.
    const about = screen.getByRole('region', { name: 'Om netværket' });
    expect(within(about).getAllByText(/./, { selector: 'p' })).toHaveLength(2);

    const commitments = screen.getByRole('region', { name: 'Det forpligter du dig til' });
    expect(
      within(commitments)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(network.commitments);

    const themes = screen.getByRole('region', { name: 'Temaer' });
    expect(within(themes).getByRole('heading', { level: 3, name: 'Design thinking metoder' })).toBeVisible();
    expect(within(themes).getByText('1 møde')).toBeVisible();

    expect(screen.getByText(network.callToAction)).toBeVisible();

    const contact = screen.getByRole('region', { name: 'Kontakt' });
    expect(contact.textContent).toContain('Isabella Gothen');
    expect(contact.textContent).toContain('Roskilde Centralbibliotek');
    expect(within(contact).getByRole('link', { name: 'isabellag@roskilde.dk' }).getAttribute('href')).toBe(
      'mailto:isabellag@roskilde.dk',
    );
  });

  it('lists upcoming meetings as cards linking to their pages', async () => {
    const network = buildNetwork({
      upcomingMeetings: [
        buildMeetingSummary(),
        buildMeetingSummary({
          slug: 'bibdok-og-lokale-brugerundersoegelser',
          title: 'BibDok og lokale brugerundersøgelser',
          status: 'announced',
          registrationState: 'not_yet_open',
          startsAt: '2026-10-01T08:00:00.000Z',
          endsAt: '2026-10-01T12:00:00.000Z',
          seats: { capacity: 35, confirmed: 0, waitlisted: 0, available: 35 },
        }),
      ],
    });
    renderApp('/', { '/api/v1/network': network });

    const upcoming = await screen.findByRole('region', { name: 'Kommende møder' });
    const cards = within(upcoming).getAllByTestId('meeting-card');
    expect(cards).toHaveLength(2);

    const first = cards[0]!;
    expect(within(first).getByRole('link', { name: 'Design thinking i praksis' }).getAttribute('href')).toBe(
      '/moeder/design-thinking-i-praksis',
    );
    expect(first.textContent).toContain('torsdag den 11. juni 2026');
    expect(first.textContent).toContain('kl. 10.00–14.00');
    expect(first.textContent).toContain('Køge Bibliotekerne, Salen, 1. sal');
    expect(first.textContent).toContain('Design thinking metoder');
    expect(first.textContent).toContain('Status: Åben for tilmelding');
    expect(within(first).getByTestId('seats').textContent).toContain('12 ledige pladser af 30');

    expect(cards[1]?.textContent).toContain('Save the date');
    expect(within(cards[1]!).getByTestId('seats').textContent).toBe('35 pladser');
  });

  it('links the subscribable calendar feed beside the upcoming meetings', async () => {
    renderApp('/', { '/api/v1/network': buildNetwork() });
    const upcoming = await screen.findByRole('region', { name: 'Kommende møder' });
    const feed = within(upcoming).getByRole('link', { name: 'Abonnér på netværkets møder i din kalender' });
    expect(feed.getAttribute('href')).toBe('/api/v1/calendar.ics');
  });

  it('says so when no meetings are planned', async () => {
    renderApp('/', { '/api/v1/network': buildNetwork({ upcomingMeetings: [] }) });
    expect(await screen.findByText(/Der er ingen planlagte møder lige nu/)).toBeVisible();
    expect(screen.queryByTestId('meeting-card')).toBeNull();
  });

  it('shows followers per library and the total', async () => {
    renderApp('/', { '/api/v1/network': buildNetwork() });
    const table = await screen.findByRole('table', { name: 'Følgere fordelt på bibliotek' });
    const rows = within(table).getAllByRole('row');
    expect(rows.map((row) => row.textContent)).toEqual([
      'BibliotekFølgere',
      'Roskilde Bibliotekerne12',
      'Greve Bibliotek2',
      'I alt14',
    ]);
  });

  it('shows an error with a retry button when the network cannot be loaded', async () => {
    renderApp('/', {
      '/api/v1/network': problemResponse(500, { code: 'internal', title: 'Internal Server Error', detail: undefined }),
    });
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByRole('heading', { level: 1 })).toBeVisible();
    expect(alert.textContent).toContain('Der opstod en fejl hos os');
    expect(alert.textContent).not.toContain('Besked fra serveren');
  });
});
