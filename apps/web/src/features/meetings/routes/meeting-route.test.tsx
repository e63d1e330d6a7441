import { focusManager } from '@tanstack/react-query';
import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildMeetingDetail, buildNetwork, buildProblem } from '@/testing/fixtures';
import { problemResponse } from '@/testing/mock-api';
import { renderApp } from '@/testing/render-app';

const network = buildNetwork();

function renderMeeting(meeting = buildMeetingDetail(), path = `/moeder/${meeting.slug}`) {
  return renderApp(path, {
    '/api/v1/network': network,
    [`/api/v1/meetings/${meeting.slug}`]: meeting,
    [`/api/v1/meetings/${meeting.id}`]: meeting,
  });
}

describe('meeting page', () => {
  it('shows the meeting with its time in Copenhagen, venue, themes and description', async () => {
    renderMeeting();
    expect(await screen.findByRole('heading', { level: 1, name: 'Design thinking i praksis' })).toBeVisible();
    expect(screen.getAllByRole('heading', { level: 1 })).toHaveLength(1);

    const facts = screen.getByText('Tidspunkt').closest('dl');
    expect(facts?.textContent).toContain('torsdag den 11. juni 2026');
    expect(facts?.textContent).toContain('kl. 10.00–14.00');
    expect(facts?.textContent).toContain('Køge Bibliotekerne');
    expect(facts?.textContent).toContain('Kirkestræde 18');
    expect(facts?.textContent).toContain('4600 Køge');
    expect(facts?.textContent).toContain('Salen, 1. sal');
    expect(facts?.textContent).toContain('Design thinking metoder');

    const description = screen.getByRole('region', { name: 'Om mødet' });
    expect(within(description).getAllByText(/./, { selector: 'p' })).toHaveLength(2);
    expect(document.title).toBe('Design thinking i praksis · BoK Møder');
  });

  it('shows the agenda as an ordered timeline', async () => {
    renderMeeting();
    const agenda = await screen.findByTestId('agenda');
    expect(agenda.tagName).toBe('OL');
    const items = within(agenda).getAllByRole('listitem');
    expect(items).toHaveLength(3);
    expect(items[0]?.textContent).toContain('10.00–10.15');
    expect(items[0]?.textContent).toContain('Velkomst');
    expect(within(items[1]!).getByRole('heading', { level: 3 }).textContent).toBe(
      'Design thinking: metoden kort fortalt',
    );
    expect(items[1]?.textContent).toContain('Oplæg');
    expect(items[1]?.textContent).toContain('Isabella Gothen, Roskilde Centralbibliotek');
    expect(items[2]?.textContent).toContain('12.00–12.45');
    expect(items[2]?.textContent).toContain('Frokost');
  });

  it('shows seats and the registration state in the registration section', async () => {
    renderMeeting();
    const section = await screen.findByRole('region', { name: 'Tilmelding' });
    expect(section.id).toBe('registration');
    expect(within(section).getByTestId('seats').textContent).toContain('12 ledige pladser af 30');
    expect(within(section).getByTestId('registration-state').textContent).toContain('Tilmeldingen er åben');
  });

  it('offers the meeting to calendars: an .ics file, Google and Outlook', async () => {
    const meeting = buildMeetingDetail({ startsAt: '2099-06-11T08:00:00.000Z', endsAt: '2099-06-11T12:00:00.000Z' });
    renderMeeting(meeting);
    const calendar = await screen.findByTestId('add-to-calendar');
    expect(within(calendar).getByRole('heading', { name: 'Læg mødet i din kalender' })).toBeVisible();
    const ics = within(calendar).getByRole('link', { name: /Hent kalenderfil \(\.ics\)/ });
    expect(ics.getAttribute('href')).toBe(`/api/v1/meetings/${meeting.id}/calendar.ics`);
    expect(ics.hasAttribute('download')).toBe(true);

    const google = new URL(
      within(calendar)
        .getByRole('link', { name: /Google Kalender/ })
        .getAttribute('href') ?? '',
    );
    expect(google.hostname).toBe('calendar.google.com');
    expect(google.searchParams.get('text')).toBe(meeting.title);
    expect(google.searchParams.get('dates')).toBe('20990611T080000Z/20990611T120000Z');
    expect(google.searchParams.get('location')).toContain('Køge Bibliotekerne');
    expect(google.searchParams.get('details')).toContain(`/moeder/${meeting.slug}`);

    const office = within(calendar).getByRole('link', { name: /Outlook på arbejdet/ });
    expect(new URL(office.getAttribute('href') ?? '').hostname).toBe('outlook.office.com');
    expect(office.getAttribute('target')).toBe('_blank');
    expect(office.textContent).toContain('(åbner i et nyt vindue)');
    const outlook = within(calendar).getByRole('link', { name: /Outlook\.com/ });
    expect(new URL(outlook.getAttribute('href') ?? '').hostname).toBe('outlook.live.com');
  });

  it('offers no calendar links for a cancelled or past meeting', async () => {
    renderMeeting(
      buildMeetingDetail({
        status: 'cancelled',
        registrationState: 'cancelled',
        startsAt: '2099-06-11T08:00:00.000Z',
        endsAt: '2099-06-11T12:00:00.000Z',
      }),
    );
    await screen.findByTestId('registration-state');
    expect(screen.queryByTestId('add-to-calendar')).toBeNull();
  });

  it('accepts a uuid as well as a slug', async () => {
    const meeting = buildMeetingDetail();
    renderMeeting(meeting, `/moeder/${meeting.id}`);
    expect(await screen.findByRole('heading', { level: 1, name: meeting.title })).toBeVisible();
  });

  it('says when registration opens for a save-the-date meeting', async () => {
    renderMeeting(
      buildMeetingDetail({
        status: 'announced',
        registrationState: 'not_yet_open',
        registrationOpensAt: '2026-04-12T07:00:00.000Z',
      }),
    );
    const state = await screen.findByTestId('registration-state');
    expect(state.textContent).toContain('Save the date — tilmelding åbner 12. april 2026 kl. 09.00');
  });

  it('says the meeting is cancelled, and why', async () => {
    renderMeeting(
      buildMeetingDetail({
        status: 'cancelled',
        registrationState: 'cancelled',
        cancellationReason: 'For få tilmeldte.',
      }),
    );
    const state = await screen.findByTestId('registration-state');
    expect(state.textContent).toContain('Mødet er aflyst');
    expect(state.textContent).toContain('Begrundelse: For få tilmeldte.');
    expect(screen.queryByTestId('seats')).toBeNull();
  });

  it('shows a polite not-found page when the API has no such meeting', async () => {
    renderApp('/moeder/findes-ikke', {
      '/api/v1/network': network,
      '/api/v1/meetings/findes-ikke': problemResponse(404),
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Mødet findes ikke' })).toBeVisible();
    expect(screen.getByRole('link', { name: 'Se tidligere møder i arkivet' })).toHaveAttribute('href', '/arkiv');
  });

  it("shows the problem's detail when the API fails", async () => {
    renderApp('/moeder/design-thinking-i-praksis', {
      '/api/v1/network': network,
      '/api/v1/meetings/design-thinking-i-praksis': problemResponse(503, {
        ...buildProblem(),
        code: 'service_unavailable',
        title: 'Service Unavailable',
        detail: 'Databasen bliver opdateret.',
      }),
    });
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByRole('heading', { level: 1, name: 'Noget gik galt' })).toBeVisible();
    expect(alert.textContent).toContain('Der opstod en fejl hos os');
    expect(alert.textContent).toContain('Besked fra serveren: Databasen bliver opdateret.');
    expect(within(alert).getByRole('button', { name: 'Prøv igen' })).toBeEnabled();
  });
});

describe('meeting page seats', () => {
  function renderWithChangingSeats() {
    const first = buildMeetingDetail();
    const later = buildMeetingDetail({ ...first, seats: { capacity: 30, confirmed: 29, waitlisted: 0, available: 1 } });
    let calls = 0;
    const result = renderApp(`/moeder/${first.slug}`, {
      '/api/v1/network': network,
      [`/api/v1/meetings/${first.slug}`]: () => {
        calls += 1;
        return calls === 1 ? first : later;
      },
    });
    return { ...result, calls: () => calls };
  }

  afterEach(() => {
    focusManager.setFocused(undefined);
    vi.useRealTimers();
  });

  it('refreshes the seats every 30 seconds while the page is visible', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { calls } = renderWithChangingSeats();
    expect((await screen.findByTestId('seats')).textContent).toBe('12 ledige pladser af 30');

    vi.advanceTimersByTime(29_000);
    expect(calls()).toBe(1);
    vi.advanceTimersByTime(1_000);
    await waitFor(() => expect(screen.getByTestId('seats').textContent).toBe('1 ledig plads af 30'));
  });

  it('does not poll while the page is hidden', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { calls } = renderWithChangingSeats();
    await screen.findByTestId('seats');
    focusManager.setFocused(false);
    vi.advanceTimersByTime(90_000);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(calls()).toBe(1);
  });
});
