import type { Registration } from '@bok/shared/registrations';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { buildLibrary, buildMeetingDetail, buildNetwork, buildRegistration } from '@/testing/fixtures';
import { type ApiRoute, emptyResponse, problemResponse, requestsTo } from '@/testing/mock-api';
import { renderApp } from '@/testing/render-app';

const meeting = buildMeetingDetail();
const koege = buildLibrary();
const token = 'c2VjcmV0LXRva2VuLWZyb20tdGhlLWUtbWFpbA';

function renderManage(
  registration: Registration,
  { path, routes = {} }: { path?: string; routes?: Record<string, ApiRoute> } = {},
) {
  const registrationPath = `/api/v1/registrations/${registration.id}`;
  const view = renderApp(path ?? `/tilmelding/${registration.id}#token=${token}`, {
    '/api/v1/network': buildNetwork(),
    '/api/v1/libraries': { items: [koege] },
    [`/api/v1/meetings/${registration.meetingId}`]: meeting,
    [registrationPath]: (_url, request) =>
      request.headers.get('x-registration-token') === token ? registration : problemResponse(404),
    ...routes,
  });
  return {
    ...view,
    registrationPath,
    requests: (method?: string) => requestsTo(view.fetchMock, registrationPath, method),
  };
}

describe('manage registration page', () => {
  it('sends the token from the link’s fragment as a header, takes it out of the address bar and keeps it for a reload', async () => {
    const registration = buildRegistration({ meetingId: meeting.id });
    const { requests, router } = renderManage(registration);

    expect(await screen.findByRole('heading', { level: 1, name: 'Din tilmelding' })).toBeVisible();
    expect(requests('GET')[0]?.headers.get('x-registration-token')).toBe(token);
    expect(requests('GET')[0]?.url.search).toBe('');
    expect(router.state.location.href).toBe(`/tilmelding/${registration.id}`);
    expect(router.state.location.hash).toBe('');
    expect(router.history.location.href).toBe(`/tilmelding/${registration.id}`);
    expect(router.history.location.hash).toBe('');
    // Replaced, not pushed: Back does not bring the token back.
    expect(router.history.length).toBe(1);
    expect(window.sessionStorage.getItem(`bok-moder.registration-token.${registration.id}`)).toBe(token);
  });

  it('still reads a token in the query, as links were e-mailed before, and takes it out of the address bar', async () => {
    const registration = buildRegistration({ meetingId: meeting.id });
    const { requests, router } = renderManage(registration, { path: `/tilmelding/${registration.id}?token=${token}` });

    expect(await screen.findByTestId('registration-status')).toBeVisible();
    expect(requests('GET')[0]?.headers.get('x-registration-token')).toBe(token);
    expect(router.history.location.href).toBe(`/tilmelding/${registration.id}`);
    expect(router.history.length).toBe(1);
    expect(window.sessionStorage.getItem(`bok-moder.registration-token.${registration.id}`)).toBe(token);
  });

  it('works after a reload, with the token kept for this tab', async () => {
    const registration = buildRegistration({ meetingId: meeting.id });
    window.sessionStorage.setItem(`bok-moder.registration-token.${registration.id}`, token);
    const { requests } = renderManage(registration, { path: `/tilmelding/${registration.id}` });
    expect(await screen.findByTestId('registration-status')).toBeVisible();
    expect(requests('GET')[0]?.headers.get('x-registration-token')).toBe(token);
  });

  it('shows the meeting, the status and the details', async () => {
    const registration = buildRegistration({ meetingId: meeting.id });
    renderManage(registration);

    const glance = await screen.findByTestId('meeting-glance');
    expect(within(glance).getByRole('link', { name: meeting.title }).getAttribute('href')).toBe(
      `/moeder/${meeting.slug}`,
    );
    expect(glance.textContent).toContain('torsdag den 11. juni 2026');
    expect(glance.textContent).toContain('Køge Bibliotekerne, Salen, 1. sal');

    const status = screen.getByTestId('registration-status');
    expect(status.dataset.status).toBe('confirmed');
    expect(status.textContent).toContain('Du er tilmeldt mødet.');
    const details = screen.getByRole('region', { name: 'Dine oplysninger' });
    expect(details.textContent).toContain('Mette Tew');
    expect(details.textContent).toContain('mette@koege.dk');
    expect(screen.getByTestId('manage-form')).toBeVisible();
    expect(await screen.findByLabelText('Bibliotekets navn')).toBeVisible();
    expect((screen.getByLabelText('Bibliotekets navn') as HTMLInputElement).value).toBe('Biblioteket i Ishøj');
    expect((screen.getByLabelText(/Hensyn til tilgængelighed/) as HTMLTextAreaElement).value).toBe('Teleslynge');
  });

  it('shows a waitlist position', async () => {
    renderManage(buildRegistration({ meetingId: meeting.id, status: 'waitlisted', waitlistPosition: 4 }));
    const status = await screen.findByTestId('registration-status');
    expect(status.dataset.status).toBe('waitlisted');
    expect(status.textContent).toContain('Du er nummer 4 på ventelisten.');
    expect(screen.getByRole('button', { name: 'Forlad ventelisten' })).toBeEnabled();
  });

  it('asks to confirm a held place with a button, and shows the seat once confirmed', async () => {
    const holdExpiresAt = '2026-06-01T10:30:00.000Z';
    const registration = buildRegistration({ meetingId: meeting.id, holdExpiresAt });
    const { fetchMock } = renderManage(registration, {
      routes: {
        [`POST /api/v1/registrations/${registration.id}/confirm`]: {
          ...registration,
          holdExpiresAt: null,
          emailConfirmedAt: '2026-06-01T10:05:00.000Z',
        },
      },
    });
    const section = await screen.findByRole('region', { name: 'Bekræft din tilmelding' });
    expect(section.textContent).toContain('Vi holder en plads til dig indtil');
    expect(screen.getByTestId('registration-status').dataset.held).toBe('true');
    const confirms = () => requestsTo(fetchMock, `/api/v1/registrations/${registration.id}/confirm`, 'POST');
    // Opening the page confirms nothing: only the button does (mail scanners open links).
    expect(confirms()).toHaveLength(0);

    fireEvent.click(within(section).getByRole('button', { name: 'Bekræft tilmeldingen' }));
    expect(await screen.findByTestId('confirmed-notice')).toHaveTextContent('din tilmelding er bekræftet');
    expect(confirms()[0]?.headers.get('x-registration-token')).toBe(token);
    expect(screen.queryByRole('region', { name: 'Bekræft din tilmelding' })).toBeNull();
    expect(screen.getByTestId('registration-status')).toHaveTextContent('Du er tilmeldt mødet.');
    await waitFor(() => expect(screen.getByTestId('registration-status')).toHaveFocus());
  });

  it('says so when the hold ended before the confirmation, and shows the registration as lapsed', async () => {
    const registration = buildRegistration({ meetingId: meeting.id, holdExpiresAt: '2026-06-01T10:30:00.000Z' });
    let lapsed = false;
    renderManage(registration, {
      routes: {
        [`/api/v1/registrations/${registration.id}`]: () =>
          lapsed ? { ...registration, status: 'cancelled', cancelledAt: '2026-06-01T10:31:00.000Z' } : registration,
        [`POST /api/v1/registrations/${registration.id}/confirm`]: () => {
          lapsed = true;
          return problemResponse(409, { code: 'hold_expired' });
        },
      },
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Bekræft tilmeldingen' }));
    // The page reads the registration again: lapsed, said where the reader is taken.
    const status = await screen.findByTestId('registration-status');
    await waitFor(() =>
      expect(status).toHaveTextContent('Din tilmelding udløb, fordi den ikke blev bekræftet i tide.'),
    );
    await waitFor(() => expect(status).toHaveFocus());
    expect(status).toHaveTextContent('tilmelde dig igen på mødets side');
    expect(screen.queryByRole('button', { name: 'Bekræft tilmeldingen' })).toBeNull();
    expect(screen.queryByTestId('manage-form')).toBeNull();
  });

  it('saves changes with the shared schema and the token', async () => {
    const registration = buildRegistration({ meetingId: meeting.id });
    const { requests } = renderManage(registration, {
      routes: {
        [`PATCH /api/v1/registrations/${registration.id}`]: (_url, request) => ({
          ...registration,
          ...(request.body as object),
          libraryName: null,
        }),
      },
    });
    await screen.findByTestId('manage-form');
    await screen.findByRole('option', { name: koege.name });
    fireEvent.change(screen.getByLabelText('Bibliotek'), { target: { value: koege.id } });
    fireEvent.change(screen.getByLabelText(/Hensyn til kosten/), { target: { value: ' Vegetar ' } });
    fireEvent.change(screen.getByLabelText(/Hensyn til tilgængelighed/), { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Gem ændringer' }));

    expect(await screen.findByText('Dine ændringer er gemt.')).toBeVisible();
    const [patch] = requests('PATCH');
    expect(patch?.headers.get('x-registration-token')).toBe(token);
    expect(patch?.body).toEqual({
      libraryId: koege.id,
      libraryName: null,
      jobTitle: 'Bibliotekar',
      dietaryNeeds: 'Vegetar',
      accessibilityNeeds: null,
      comment: null,
      locale: 'da',
    });
  });

  it('checks changes before sending and shows server field errors beside the field', async () => {
    const registration = buildRegistration({ meetingId: meeting.id });
    const { requests } = renderManage(registration, {
      routes: {
        [`PATCH /api/v1/registrations/${registration.id}`]: problemResponse(400, {
          code: 'validation_failed',
          title: 'The request is not valid',
          errors: [{ field: 'jobTitle', code: 'too_big', message: 'Too big' }],
        }),
      },
    });
    await screen.findByTestId('manage-form');
    fireEvent.change(screen.getByLabelText('Bibliotekets navn'), { target: { value: ' ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Gem ændringer' }));
    const summary = await screen.findByTestId('error-summary');
    expect(summary.textContent).toContain('Skriv navnet på dit bibliotek.');
    expect(requests('PATCH')).toHaveLength(0);

    fireEvent.change(screen.getByLabelText('Bibliotekets navn'), { target: { value: 'Ishøj' } });
    fireEvent.click(screen.getByRole('button', { name: 'Gem ændringer' }));
    await waitFor(() => expect(screen.getByTestId('error-summary').textContent).toContain('Teksten er for lang.'));
    const jobTitle = screen.getByLabelText(/Stilling/);
    expect(jobTitle.getAttribute('aria-invalid')).toBe('true');
    expect(jobTitle.closest('.field')?.textContent).toContain('Teksten er for lang.');
  });

  it('cancels after a confirm step, with the token, and then shows the registration as cancelled', async () => {
    let current = buildRegistration({ meetingId: meeting.id });
    const { requests } = renderManage(current, {
      routes: {
        [`GET /api/v1/registrations/${current.id}`]: (_url, request) =>
          request.headers.get('x-registration-token') === token ? current : problemResponse(404),
        [`DELETE /api/v1/registrations/${current.id}`]: () => {
          current = { ...current, status: 'cancelled', cancelledAt: '2026-04-21T10:00:00.000Z' };
          return emptyResponse(204);
        },
      },
    });

    fireEvent.click(await screen.findByRole('button', { name: 'Afmeld tilmeldingen' }));
    const question = screen.getByText('Er du sikker på, at du vil afmelde dig? Din plads går videre til en anden.');
    await waitFor(() => expect(document.activeElement).toBe(question));
    expect(requests('DELETE')).toHaveLength(0);

    fireEvent.click(screen.getByRole('button', { name: 'Ja, afmeld mig' }));
    const status = screen.getByTestId('registration-status');
    await waitFor(() => expect(status.dataset.status).toBe('cancelled'));
    expect(status.textContent).toContain('Din tilmelding er afmeldt.');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('registration-status')));
    expect(requests('DELETE')[0]?.headers.get('x-registration-token')).toBe(token);
    expect(screen.queryByTestId('manage-form')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Afmeld tilmeldingen' })).toBeNull();
  });

  it('keeps the registration when the registrant changes their mind', async () => {
    const { requests } = renderManage(buildRegistration({ meetingId: meeting.id }));
    fireEvent.click(await screen.findByRole('button', { name: 'Afmeld tilmeldingen' }));
    fireEvent.click(screen.getByRole('button', { name: 'Nej, behold min tilmelding' }));
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Afmeld tilmeldingen' })),
    );
    expect(requests('DELETE')).toHaveLength(0);
  });

  it('answers a wrong or expired link politely, without saying whether the registration exists', async () => {
    const registration = buildRegistration({ meetingId: meeting.id });
    const { requests } = renderManage(registration, { path: `/tilmelding/${registration.id}#token=wrong` });
    expect(await screen.findByRole('heading', { level: 1, name: 'Linket virker ikke' })).toBeVisible();
    expect(screen.getByText(/ikke gyldigt, eller det er udløbet/)).toBeVisible();
    expect(requests('GET')[0]?.headers.get('x-registration-token')).toBe('wrong');
    await waitFor(() =>
      expect(window.sessionStorage.getItem(`bok-moder.registration-token.${registration.id}`)).toBeNull(),
    );
    expect(screen.queryByTestId('registration-status')).toBeNull();
  });

  it('does not ask the API without a token', async () => {
    const registration = buildRegistration({ meetingId: meeting.id });
    const { requests } = renderManage(registration, { path: `/tilmelding/${registration.id}` });
    expect(await screen.findByRole('heading', { level: 1, name: 'Linket virker ikke' })).toBeVisible();
    expect(requests()).toHaveLength(0);
  });
});
