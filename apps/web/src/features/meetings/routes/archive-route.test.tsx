import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { buildMeetingPage, buildMeetingSummary, buildNetwork } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';

const older = buildMeetingSummary({
  slug: '2016-12-15-lytteposter',
  title: 'Lytteposter',
  status: 'held',
  registrationState: 'closed',
  startsAt: '2016-12-15T09:00:00.000Z',
  endsAt: '2016-12-15T13:00:00.000Z',
});
const newer = buildMeetingSummary({
  slug: '2017-03-24-segmentering',
  title: 'Segmentering',
  status: 'held',
  registrationState: 'closed',
  startsAt: '2017-03-24T09:00:00.000Z',
  endsAt: '2017-03-24T13:00:00.000Z',
});

describe('archive', () => {
  it('asks for past meetings and lists them newest first', async () => {
    const { fetchMock } = renderApp('/arkiv', {
      '/api/v1/network': buildNetwork(),
      '/api/v1/meetings': buildMeetingPage([older, newer]),
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Arkiv' })).toBeVisible();
    const cards = await screen.findAllByTestId('meeting-card');
    expect(cards.map((card) => within(card).getByRole('heading', { level: 2 }).textContent)).toEqual([
      'Segmentering',
      'Lytteposter',
    ]);
    expect(cards[0]?.textContent).toContain('Status: Afholdt');
    expect(cards[0]?.textContent).toContain('fredag den 24. marts 2017');
    // Past meetings have no seats to offer.
    expect(screen.queryByTestId('seats')).toBeNull();

    const listCall = fetchMock.mock.calls
      .map(([input]) => new URL(String(input), 'http://localhost'))
      .find((url) => url.pathname === '/api/v1/meetings');
    expect(listCall?.searchParams.get('page')).toBe('1');
    expect(listCall?.searchParams.get('pageSize')).toBe('10');
    expect(Date.parse(listCall?.searchParams.get('to') ?? '')).toBeLessThanOrEqual(Date.now());
    expect(screen.queryByRole('navigation', { name: 'Sider i arkivet' })).toBeNull();
  });

  it('pages through the archive with links', async () => {
    renderApp('/arkiv', {
      '/api/v1/network': buildNetwork(),
      '/api/v1/meetings': (url: URL) =>
        url.searchParams.get('page') === '2'
          ? buildMeetingPage([older], { page: 2, pageSize: 1, total: 2 })
          : buildMeetingPage([newer], { page: 1, pageSize: 1, total: 2 }),
    });
    const pages = await screen.findByRole('navigation', { name: 'Sider i arkivet' });
    expect(pages.textContent).toContain('Side 1 af 2');
    expect(within(pages).queryByRole('link', { name: 'Forrige side' })).toBeNull();

    fireEvent.click(within(pages).getByRole('link', { name: 'Næste side' }));
    expect(await screen.findByRole('link', { name: 'Lytteposter' })).toBeVisible();
    expect(screen.getByRole('navigation', { name: 'Sider i arkivet' }).textContent).toContain('Side 2 af 2');
    expect(screen.getByRole('link', { name: 'Forrige side' }).getAttribute('href')).toMatch(/^\/arkiv(\?page=1)?$/);
    expect(screen.queryByRole('link', { name: 'Næste side' })).toBeNull();
  });

  it('says so when there are no past meetings', async () => {
    renderApp('/arkiv', { '/api/v1/network': buildNetwork(), '/api/v1/meetings': buildMeetingPage([]) });
    expect(await screen.findByText('Der er ingen tidligere møder endnu.')).toBeVisible();
  });
});
