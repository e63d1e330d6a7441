import type { SessionState } from '@bok/shared/auth';
import type { MeetingDetail } from '@bok/shared/meetings';
import { copenhagenInstant, copenhagenTime } from '@bok/shared/time';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { buildMeetingDetail, buildNetwork } from '@/testing/fixtures';
import { type ApiRoute, emptyResponse, problemResponse, requestsTo } from '@/testing/mock-api';
import { renderApp } from '@/testing/render-app';

const session: SessionState = {
  csrfToken: 'csrf-token-from-sign-in',
  coordinator: {
    id: '00000000-0000-4000-8000-0000000000c1',
    email: 'koordinator@bok.example',
    name: 'Ane Koordinator',
    totpEnabled: false,
  } as SessionState['coordinator'],
  expiresAt: '2026-06-01T20:00:00.000Z',
  idleTimeoutMinutes: 30,
};

function renderDashboard(path: string, routes: Record<string, ApiRoute>) {
  return renderApp(path, { '/api/v1/network': buildNetwork(), ...routes });
}

const page = (items: MeetingDetail[]) => ({ items, page: 1, pageSize: 100, total: items.length });

describe('the coordinator’s dashboard', () => {
  it('takes someone not signed in to the sign-in page, and in to the meetings after signing in', async () => {
    let signedIn = false;
    const meeting = buildMeetingDetail({ status: 'draft', title: 'Kladde til foråret' });
    const { fetchMock, router } = renderDashboard('/koordinator', {
      '/api/v1/auth/session': () => (signedIn ? session : problemResponse(401, { code: 'unauthenticated' })),
      'POST /api/v1/auth/login': (_url, request) => {
        const body = request.body as { email: string; password: string };
        if (body.password !== 'korrekt hest batteri') return problemResponse(401, { code: 'invalid_credentials' });
        signedIn = true;
        return session;
      },
      '/api/v1/coordinator/meetings': page([meeting]),
    });

    expect(await screen.findByRole('heading', { level: 1, name: 'Log ind som koordinator' })).toBeVisible();
    await waitFor(() => expect(router.state.location.pathname).toBe('/koordinator/log-ind'));

    // The shared schema first: a malformed address is named without asking the server.
    fireEvent.change(screen.getByLabelText('E-mail'), { target: { value: 'koordinator' } });
    fireEvent.change(screen.getByLabelText('Adgangskode'), { target: { value: 'noget' } });
    fireEvent.click(screen.getByRole('button', { name: 'Log ind' }));
    expect(await screen.findByText(/Skriv en gyldig e-mailadresse/)).toBeVisible();
    expect(screen.getByLabelText('E-mail')).toHaveAttribute('aria-invalid', 'true');
    expect(requestsTo(fetchMock, '/api/v1/auth/login', 'POST')).toHaveLength(0);
    fireEvent.change(screen.getByLabelText('E-mail'), { target: { value: 'koordinator@bok.example' } });

    fireEvent.change(screen.getByLabelText('Adgangskode'), { target: { value: 'forkert men lang nok' } });
    fireEvent.click(screen.getByRole('button', { name: 'Log ind' }));
    expect(await screen.findByTestId('sign-in-error')).toHaveTextContent('Forkert e-mail eller adgangskode.');

    fireEvent.change(screen.getByLabelText('Adgangskode'), { target: { value: 'korrekt hest batteri' } });
    fireEvent.click(screen.getByRole('button', { name: 'Log ind' }));
    const table = await screen.findByTestId('coordinator-meetings');
    expect(within(table).getByRole('link', { name: 'Kladde til foråret' })).toBeVisible();
    expect(within(table).getByText('Kladde')).toBeVisible();
    expect(router.state.location.pathname).toBe('/koordinator');
  });

  it('moves a meeting on with the CSRF token, offering only the moves its life allows', async () => {
    const meeting = buildMeetingDetail({ status: 'open', registrationState: 'open' });
    let current = meeting;
    const { fetchMock } = renderDashboard(`/koordinator/moeder/${meeting.id}`, {
      '/api/v1/auth/session': session,
      [`/api/v1/coordinator/meetings/${meeting.id}`]: () => current,
      [`POST /api/v1/meetings/${meeting.id}/status`]: (_url, request) => {
        current = { ...current, status: (request.body as { status: MeetingDetail['status'] }).status };
        return current;
      },
    });
    const status = await screen.findByTestId('meeting-status');
    expect(status).toHaveTextContent('Åben for tilmelding');
    expect(screen.getByRole('button', { name: 'Luk for tilmelding' })).toBeEnabled();
    expect(screen.getByRole('button', { name: 'Aflys mødet' })).toBeEnabled();
    expect(screen.queryByRole('button', { name: 'Annoncér (save the date)' })).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Luk for tilmelding' }));
    await waitFor(() => expect(screen.getByTestId('meeting-status')).toHaveTextContent('Tilmelding lukket'));
    const [post] = requestsTo(fetchMock, `/api/v1/meetings/${meeting.id}/status`, 'POST');
    expect(post?.headers.get('x-csrf-token')).toBe('csrf-token-from-sign-in');
    expect(post?.body).toEqual({ status: 'closed' });

    // Cancelling asks first, and sends the reason.
    fireEvent.click(screen.getByRole('button', { name: 'Aflys mødet' }));
    fireEvent.change(screen.getByLabelText(/Begrundelse/), { target: { value: 'Foredragsholderen er syg.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Ja, aflys og skriv til alle tilmeldte' }));
    await waitFor(() => expect(screen.getByTestId('meeting-status')).toHaveTextContent('Aflyst'));
    expect(requestsTo(fetchMock, `/api/v1/meetings/${meeting.id}/status`, 'POST')[1]?.body).toEqual({
      status: 'cancelled',
      reason: 'Foredragsholderen er syg.',
    });
    expect(await screen.findByText(/det kan ikke ændres mere/)).toBeVisible();
  });

  it('saves the registration settings, and shows the field the API refused in words', async () => {
    const meeting = buildMeetingDetail({ status: 'open' });
    const { fetchMock } = renderDashboard(`/koordinator/moeder/${meeting.id}`, {
      '/api/v1/auth/session': session,
      [`/api/v1/coordinator/meetings/${meeting.id}`]: meeting,
      [`PATCH /api/v1/meetings/${meeting.id}`]: (_url, request) => {
        const body = request.body as { capacity: number };
        if (body.capacity < 10)
          return problemResponse(409, {
            code: 'conflict',
            detail: '12 people have a seat: the capacity cannot be lower than that.',
            errors: [{ field: 'capacity', code: 'below_confirmed', message: 'below_confirmed' }],
          });
        return {
          ...meeting,
          registrationRules: { confirmationRequired: true, holdMinutes: 45, seatsPerLibrary: 2 },
          updatedAt: '2026-06-01T10:00:00.000Z',
        };
      },
    });
    const form = await screen.findByTestId('meeting-settings');
    fireEvent.click(within(form).getByLabelText('Deltagerne skal bekræfte fra e-mailen'));
    fireEvent.change(within(form).getByLabelText('Minutter pladsen holdes'), { target: { value: '45' } });
    fireEvent.change(within(form).getByLabelText(/Højst pladser pr. bibliotek/), { target: { value: '2' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem' }));
    await waitFor(() => expect(requestsTo(fetchMock, `/api/v1/meetings/${meeting.id}`, 'PATCH')).toHaveLength(1));
    expect(await within(form).findByText('Ændringerne er gemt.')).toBeVisible();
    expect(within(form).getByLabelText('Minutter pladsen holdes')).toHaveValue(45);
    expect(requestsTo(fetchMock, `/api/v1/meetings/${meeting.id}`, 'PATCH')[0]?.body).toMatchObject({
      confirmationRequired: true,
      holdMinutes: 45,
      seatsPerLibrary: 2,
    });
    // The registration window was not touched: not sent.
    expect(requestsTo(fetchMock, `/api/v1/meetings/${meeting.id}`, 'PATCH')[0]?.body).not.toHaveProperty(
      'registrationClosesAt',
    );

    const again = await screen.findByTestId('meeting-settings');
    fireEvent.change(within(again).getByLabelText('Pladser'), { target: { value: '5' } });
    fireEvent.click(within(again).getByRole('button', { name: 'Gem' }));
    expect(await screen.findByText('Kapaciteten kan ikke være lavere end antallet, der har en plads.')).toBeVisible();
    expect(within(again).getByLabelText('Pladser')).toHaveAttribute('aria-invalid', 'true');
  });

  it('edits the agenda from the keyboard: moves keep the day flowing, saves it whole, and puts the API’s refusal on its item', async () => {
    const meeting = buildMeetingDetail({ status: 'open' });
    let refuse = false;
    const { fetchMock } = renderDashboard(`/koordinator/moeder/${meeting.id}`, {
      '/api/v1/auth/session': session,
      [`/api/v1/coordinator/meetings/${meeting.id}`]: meeting,
      [`PUT /api/v1/meetings/${meeting.id}/agenda`]: () =>
        refuse
          ? problemResponse(400, {
              code: 'validation_failed',
              errors: [{ field: 'items.1.startsAt', code: 'outside_meeting', message: 'outside_meeting' }],
            })
          : meeting,
    });
    const editor = await screen.findByTestId('agenda-editor');
    const items = () => within(editor).getAllByTestId('agenda-item');
    expect(items()).toHaveLength(3);

    const up = within(items()[2]!).getByRole('button', { name: 'Flyt Frokost op' });
    up.focus();
    fireEvent.click(up);
    expect(await screen.findByText('Frokost er nu punkt 2 af 3; tiderne følger med.')).toBeInTheDocument();
    const [first, second, third] = items();
    expect(within(second!).getByLabelText('Titel')).toHaveValue('Frokost');
    // The day flows from the first start, each item keeping its length.
    expect(within(second!).getByLabelText('Fra')).toHaveValue(
      within(first!).getByLabelText('Til').getAttribute('value'),
    );
    expect(within(third!).getByLabelText('Fra')).toHaveValue(
      within(second!).getByLabelText('Til').getAttribute('value'),
    );
    await waitFor(() => expect(within(second!).getByRole('button', { name: 'Flyt Frokost op' })).toHaveFocus());

    fireEvent.click(within(editor).getByRole('button', { name: 'Gem dagsordenen' }));
    expect(await within(editor).findByText('Dagsordenen er gemt.')).toBeVisible();
    const [put] = requestsTo(fetchMock, `/api/v1/meetings/${meeting.id}/agenda`, 'PUT');
    expect(put?.headers.get('x-csrf-token')).toBe('csrf-token-from-sign-in');
    const sent = (put!.body as { items: Array<{ title: string; startsAt: string; endsAt: string }> }).items;
    expect(sent.map((item) => item.title)).toEqual([
      'Velkomst og kaffe',
      'Frokost',
      'Design thinking: metoden kort fortalt',
    ]);
    expect(sent[1]!.startsAt).toBe(sent[0]!.endsAt);

    // A time the schema cannot read is named on its item, before anything is sent.
    fireEvent.change(within(items()[0]!).getByLabelText('Til'), { target: { value: 'kvart over' } });
    fireEvent.click(within(editor).getByRole('button', { name: 'Gem dagsordenen' }));
    expect(within(items()[0]!).getByLabelText('Til')).toHaveAttribute('aria-invalid', 'true');
    expect(requestsTo(fetchMock, `/api/v1/meetings/${meeting.id}/agenda`, 'PUT')).toHaveLength(1);
    fireEvent.change(within(items()[0]!).getByLabelText('Til'), {
      target: { value: copenhagenTime(new Date(sent[0]!.endsAt)) },
    });

    refuse = true;
    fireEvent.click(within(editor).getByRole('button', { name: 'Gem dagsordenen' }));
    expect(await within(items()[1]!).findByText('Punktet skal ligge inden for mødets tid.')).toBeVisible();
  });

  it('sends only what changed in the meeting’s details, and repeats a meeting onto a new date', async () => {
    const meeting = buildMeetingDetail({ status: 'open' });
    const copy = buildMeetingDetail({
      id: '00000000-0000-4000-8000-00000000c0de',
      status: 'draft',
      title: 'Gentagelsen',
    });
    const { fetchMock, router } = renderDashboard(`/koordinator/moeder/${meeting.id}`, {
      '/api/v1/auth/session': session,
      '/api/v1/libraries': { items: [] },
      [`/api/v1/coordinator/meetings/${meeting.id}`]: meeting,
      [`/api/v1/coordinator/meetings/${copy.id}`]: copy,
      [`PATCH /api/v1/meetings/${meeting.id}`]: (_url, request) => ({ ...meeting, ...(request.body as object) }),
      [`POST /api/v1/meetings/${meeting.id}/duplicate`]: copy,
    });
    const details = await screen.findByTestId('meeting-details');
    fireEvent.change(within(details).getByLabelText('Titel'), { target: { value: 'Design thinking, anden runde' } });
    fireEvent.click(within(details).getByRole('button', { name: 'Gem mødet' }));
    expect(await within(details).findByText('Mødet er gemt.')).toBeVisible();
    expect(requestsTo(fetchMock, `/api/v1/meetings/${meeting.id}`, 'PATCH')[0]?.body).toEqual({
      title: 'Design thinking, anden runde',
    });

    const repeat = screen.getByTestId('duplicate-meeting');
    fireEvent.click(within(repeat).getByRole('button', { name: 'Opret gentagelsen' }));
    expect(within(repeat).getByLabelText('Ny start')).toHaveAttribute('aria-invalid', 'true');
    fireEvent.change(within(repeat).getByLabelText('Ny start'), { target: { value: '2026-09-10T09:00' } });
    fireEvent.click(within(repeat).getByRole('button', { name: 'Opret gentagelsen' }));
    await waitFor(() => expect(router.state.location.pathname).toBe(`/koordinator/moeder/${copy.id}`));
    expect(requestsTo(fetchMock, `/api/v1/meetings/${meeting.id}/duplicate`, 'POST')[0]?.body).toEqual({
      // Copenhagen's wall clock, whatever the browser's zone.
      startsAt: copenhagenInstant('2026-09-10', '09:00').toISOString(),
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Gentagelsen' })).toBeVisible();
  });

  it('edits the standing agenda as the clock times of a meeting at 10:00, and saves them as offsets', async () => {
    let template = {
      items: [
        { offsetMinutes: 0, durationMinutes: 15, title: 'Velkomst', kind: 'welcome', description: null },
        { offsetMinutes: 15, durationMinutes: 75, title: 'Oplæg om dagens tema', kind: 'talk', description: null },
        { offsetMinutes: 90, durationMinutes: 45, title: 'Frokost', kind: 'lunch', description: null },
      ],
    };
    const { fetchMock } = renderDashboard('/koordinator/dagsorden-skabelon', {
      '/api/v1/auth/session': session,
      '/api/v1/agenda-template': () => template,
      'PUT /api/v1/agenda-template': (_url, request) => {
        const body = request.body as typeof template;
        if (body.items.some((item) => item.title === 'Kaffe'))
          return problemResponse(400, {
            code: 'validation_failed',
            errors: [{ field: 'items.1.offsetMinutes', code: 'overlaps', message: 'overlaps' }],
          });
        template = {
          items: body.items.map((item) => ({ ...item, description: item.description || null })),
        } as typeof template;
        return template;
      },
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Fast dagsorden' })).toBeVisible();
    const editor = await screen.findByTestId('agenda-template-editor');
    const items = () => within(editor).getAllByTestId('agenda-item');
    expect(items()).toHaveLength(3);
    expect(within(items()[1]!).getByLabelText('Fra')).toHaveValue('10:15');
    expect(within(items()[1]!).getByLabelText('Til')).toHaveValue('11:30');
    // No speakers on a template: a template's talk has no speaker yet.
    expect(within(editor).queryByLabelText(/Oplægsholder/)).toBeNull();

    // Lunch before the talk: the day flows on from 10:15, the talk keeps its 75 minutes.
    fireEvent.click(within(items()[2]!).getByRole('button', { name: 'Flyt Frokost op' }));
    fireEvent.click(within(editor).getByRole('button', { name: 'Tilføj punkt' }));
    const added = items()[3]!;
    expect(within(added).getByLabelText('Fra')).toHaveValue('12:15');
    fireEvent.change(within(added).getByLabelText('Titel'), { target: { value: 'Opsamling' } });
    fireEvent.change(within(added).getByLabelText(/Beskrivelse/), { target: { value: 'Hvad tager vi med hjem?' } });
    fireEvent.click(within(editor).getByRole('button', { name: 'Gem dagsordenen' }));
    expect(await within(editor).findByText('Dagsordenen er gemt.')).toBeVisible();
    const [put] = requestsTo(fetchMock, '/api/v1/agenda-template', 'PUT');
    expect(put?.headers.get('x-csrf-token')).toBe('csrf-token-from-sign-in');
    expect(put?.body).toEqual({
      items: [
        { offsetMinutes: 0, durationMinutes: 15, title: 'Velkomst', kind: 'welcome', description: null },
        { offsetMinutes: 15, durationMinutes: 45, title: 'Frokost', kind: 'lunch', description: null },
        { offsetMinutes: 60, durationMinutes: 75, title: 'Oplæg om dagens tema', kind: 'talk', description: null },
        {
          offsetMinutes: 135,
          durationMinutes: 30,
          title: 'Opsamling',
          kind: 'other',
          description: 'Hvad tager vi med hjem?',
        },
      ],
    });

    // Before the meeting's start is not a place on its day: the shared schema says so on the item.
    fireEvent.change(within(items()[0]!).getByLabelText('Fra'), { target: { value: '09:30' } });
    fireEvent.click(within(editor).getByRole('button', { name: 'Gem dagsordenen' }));
    expect(within(items()[0]!).getByLabelText('Fra')).toHaveAttribute('aria-invalid', 'true');
    expect(requestsTo(fetchMock, '/api/v1/agenda-template', 'PUT')).toHaveLength(1);
    fireEvent.change(within(items()[0]!).getByLabelText('Fra'), { target: { value: '10:00' } });

    // What the API refused goes on its item too.
    fireEvent.change(within(items()[1]!).getByLabelText('Titel'), { target: { value: 'Kaffe' } });
    fireEvent.click(within(editor).getByRole('button', { name: 'Gem dagsordenen' }));
    expect(await within(items()[1]!).findByText('Punktet begynder, før det forrige slutter.')).toBeVisible();
    expect(within(items()[1]!).getByLabelText('Fra')).toHaveAttribute('aria-invalid', 'true');
  });

  it('creates a meeting with or without the standing agenda', async () => {
    const created = buildMeetingDetail({ status: 'draft', title: 'Forårsmødet' });
    const { fetchMock, router } = renderDashboard('/koordinator', {
      '/api/v1/auth/session': session,
      '/api/v1/coordinator/meetings': page([]),
      [`/api/v1/coordinator/meetings/${created.id}`]: created,
      'POST /api/v1/meetings': created,
    });
    const form = await screen.findByTestId('new-meeting-form');
    const fromTemplate = within(form).getByLabelText('Begynd med den faste dagsorden');
    expect(fromTemplate).toBeChecked();
    fireEvent.click(fromTemplate);
    fireEvent.change(within(form).getByLabelText('Titel'), { target: { value: 'Forårsmødet' } });
    fireEvent.change(within(form).getByLabelText('Starter'), { target: { value: '2027-03-11T10:00' } });
    fireEvent.change(within(form).getByLabelText('Slutter'), { target: { value: '2027-03-11T14:00' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Opret som kladde' }));
    await waitFor(() => expect(router.state.location.pathname).toBe(`/koordinator/moeder/${created.id}`));
    expect(requestsTo(fetchMock, '/api/v1/meetings', 'POST')[0]?.body).toMatchObject({
      title: 'Forårsmødet',
      agenda: 'empty',
    });
  });

  it('previews a draft as staff will see it, agenda and all, without a registration form', async () => {
    const meeting = buildMeetingDetail({ status: 'draft', title: 'Kladde til foråret' });
    renderDashboard(`/koordinator/moeder/${meeting.id}`, {
      '/api/v1/auth/session': session,
      [`/api/v1/coordinator/meetings/${meeting.id}`]: meeting,
    });
    fireEvent.click(await screen.findByRole('link', { name: 'Forhåndsvis' }));
    expect(await screen.findByTestId('preview-notice')).toHaveTextContent('Mødet er en kladde');
    expect(screen.getByRole('heading', { level: 1, name: 'Kladde til foråret' })).toBeVisible();
    const agenda = screen.getByTestId('agenda');
    for (const item of meeting.agenda) expect(within(agenda).getAllByText(item.title)[0]).toBeVisible();
    expect(screen.queryByRole('button', { name: /Tilmeld/ })).toBeNull();
    fireEvent.click(screen.getByRole('link', { name: 'Tilbage til mødets side i dashboardet' }));
    expect(await screen.findByTestId('agenda-editor')).toBeVisible();
  });

  it('chooses the meeting’s themes in the network’s order, sending them only when they change', async () => {
    const meeting = buildMeetingDetail({ status: 'open' });
    const current = meeting.themes[0]!;
    const other = { id: '00000000-0000-4000-8000-0000000000f2', slug: 'formidling', title: 'Formidling' };
    const { fetchMock } = renderDashboard(`/koordinator/moeder/${meeting.id}`, {
      '/api/v1/auth/session': session,
      '/api/v1/libraries': { items: [] },
      '/api/v1/themes': {
        items: [
          { ...other, description: null, status: 'active', meetingCount: 0 },
          { ...current, description: null, status: 'active', meetingCount: 1 },
        ],
      },
      [`/api/v1/coordinator/meetings/${meeting.id}`]: meeting,
      [`PATCH /api/v1/meetings/${meeting.id}`]: (_url, request) => ({
        ...meeting,
        themes: [other, current].filter((theme) =>
          (request.body as { themeIds: string[] }).themeIds.includes(theme.id),
        ),
      }),
    });
    const themes = await screen.findByTestId('meeting-themes');
    expect(within(themes).getByLabelText(current.title)).toBeChecked();
    fireEvent.click(await within(themes).findByLabelText('Formidling'));
    const details = screen.getByTestId('meeting-details');
    fireEvent.click(within(details).getByRole('button', { name: 'Gem mødet' }));
    expect(await within(details).findByText('Mødet er gemt.')).toBeVisible();
    expect(requestsTo(fetchMock, `/api/v1/meetings/${meeting.id}`, 'PATCH')[0]?.body).toEqual({
      themeIds: [other.id, current.id],
    });
  });

  it('deletes a draft after asking, and goes back to the meetings', async () => {
    const meeting = buildMeetingDetail({ status: 'draft', title: 'Kladde til foråret' });
    const { fetchMock, router } = renderDashboard(`/koordinator/moeder/${meeting.id}`, {
      '/api/v1/auth/session': session,
      '/api/v1/coordinator/meetings': page([]),
      [`/api/v1/coordinator/meetings/${meeting.id}`]: meeting,
      [`DELETE /api/v1/meetings/${meeting.id}`]: () => emptyResponse(),
    });
    const section = await screen.findByTestId('delete-draft');
    fireEvent.click(within(section).getByRole('button', { name: 'Slet kladden' }));
    expect(requestsTo(fetchMock, `/api/v1/meetings/${meeting.id}`, 'DELETE')).toHaveLength(0);
    fireEvent.click(within(section).getByRole('button', { name: 'Ja, slet “Kladde til foråret”' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/koordinator'));
    expect(requestsTo(fetchMock, `/api/v1/meetings/${meeting.id}`, 'DELETE')).toHaveLength(1);
    expect(await screen.findByText('Der er ingen møder endnu.')).toBeVisible();
  });

  it('offers no deletion once a meeting is public', async () => {
    const meeting = buildMeetingDetail({ status: 'announced' });
    renderDashboard(`/koordinator/moeder/${meeting.id}`, {
      '/api/v1/auth/session': session,
      [`/api/v1/coordinator/meetings/${meeting.id}`]: meeting,
    });
    await screen.findByTestId('meeting-status');
    expect(screen.queryByTestId('delete-draft')).toBeNull();
  });

  it('sets the registration window in Copenhagen time, refusing one that closes before it opens', async () => {
    const meeting = buildMeetingDetail({ status: 'open' });
    const { fetchMock } = renderDashboard(`/koordinator/moeder/${meeting.id}`, {
      '/api/v1/auth/session': session,
      [`/api/v1/coordinator/meetings/${meeting.id}`]: meeting,
      [`PATCH /api/v1/meetings/${meeting.id}`]: (_url, request) => ({ ...meeting, ...(request.body as object) }),
    });
    const form = await screen.findByTestId('meeting-settings');
    fireEvent.change(within(form).getByLabelText(/Tilmeldingen åbner/), { target: { value: '2026-05-20T12:00' } });
    fireEvent.change(within(form).getByLabelText(/Tilmeldingen lukker/), { target: { value: '2026-05-10T12:00' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem' }));
    expect(await within(form).findByText('Tilmeldingen skal lukke efter, at den åbner.')).toBeVisible();
    expect(requestsTo(fetchMock, `/api/v1/meetings/${meeting.id}`, 'PATCH')).toHaveLength(0);

    fireEvent.change(within(form).getByLabelText(/Tilmeldingen lukker/), { target: { value: '2026-05-30T12:00' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem' }));
    expect(await within(form).findByText('Ændringerne er gemt.')).toBeVisible();
    expect(requestsTo(fetchMock, `/api/v1/meetings/${meeting.id}`, 'PATCH')[0]?.body).toMatchObject({
      registrationOpensAt: copenhagenInstant('2026-05-20', '12:00').toISOString(),
      registrationClosesAt: copenhagenInstant('2026-05-30', '12:00').toISOString(),
    });
  });

  it('edits the meeting’s own questions, and asks before a change that would lose answers', async () => {
    const meeting = buildMeetingDetail({ status: 'open' });
    const existing = {
      id: '00000000-0000-4000-8000-0000000000e1',
      label: 'Middag?',
      kind: 'yes_no' as const,
      required: false,
      options: [],
    };
    const withQuestion = { ...meeting, questions: [existing] };
    const { fetchMock } = renderDashboard(`/koordinator/moeder/${meeting.id}`, {
      '/api/v1/auth/session': session,
      [`/api/v1/coordinator/meetings/${meeting.id}`]: withQuestion,
      [`PUT /api/v1/meetings/${meeting.id}/questions`]: (_url, request) => {
        const body = request.body as { items: Array<{ id?: string }>; confirmDroppingAnswers: boolean };
        if (!body.items.some((item) => item.id === existing.id) && !body.confirmDroppingAnswers)
          return problemResponse(409, {
            code: 'conflict',
            detail: '3 answer(s) already given would be lost (Middag?: 3).',
            errors: [{ field: 'confirmDroppingAnswers', code: 'custom', message: 'answers_would_be_lost' }],
          });
        return {
          items: body.items.map((item, n) => ({
            required: false,
            options: [],
            ...item,
            id: item.id ?? `00000000-0000-4000-8000-00000000000${n}`,
          })),
        };
      },
    });
    const editor = await screen.findByTestId('questions-editor');
    expect(within(editor).getAllByTestId('question-item')).toHaveLength(1);
    fireEvent.click(within(editor).getByRole('button', { name: 'Tilføj spørgsmål' }));
    const added = within(editor).getAllByTestId('question-item')[1]!;
    fireEvent.change(within(added).getByLabelText('Spørgsmål'), { target: { value: 'Hvilket spor?' } });
    fireEvent.change(within(added).getByLabelText('Slags svar'), { target: { value: 'single_choice' } });
    fireEvent.change(within(added).getByLabelText('Muligheder'), { target: { value: 'Formidling' } });
    fireEvent.click(within(editor).getByRole('button', { name: 'Gem spørgsmålene' }));
    expect(await within(added).findByText('Et valg skal have mindst to muligheder.')).toBeVisible();
    fireEvent.change(within(added).getByLabelText('Muligheder'), { target: { value: 'Formidling\n Data \n' } });
    fireEvent.click(within(added).getByLabelText('Skal besvares'));
    fireEvent.click(within(editor).getByRole('button', { name: 'Gem spørgsmålene' }));
    expect(await within(editor).findByText('Spørgsmålene er gemt.')).toBeVisible();
    expect(requestsTo(fetchMock, `/api/v1/meetings/${meeting.id}/questions`, 'PUT')[0]?.body).toEqual({
      items: [
        { id: existing.id, label: 'Middag?', kind: 'yes_no', required: false, options: [] },
        { label: 'Hvilket spor?', kind: 'single_choice', required: true, options: ['Formidling', 'Data'] },
      ],
      confirmDroppingAnswers: false,
    });

    // The dinner question goes: the API says what would be lost, and only a second click drops it.
    fireEvent.click(within(editor).getByRole('button', { name: 'Fjern Middag?' }));
    fireEvent.click(within(editor).getByRole('button', { name: 'Gem spørgsmålene' }));
    expect(await within(editor).findByRole('alert')).toHaveTextContent('3 answer(s) already given would be lost');
    fireEvent.click(within(editor).getByRole('button', { name: 'Gem alligevel, og slet de svar' }));
    await waitFor(() =>
      expect(requestsTo(fetchMock, `/api/v1/meetings/${meeting.id}/questions`, 'PUT').at(-1)?.body).toMatchObject({
        confirmDroppingAnswers: true,
      }),
    );
    expect(await within(editor).findByText('Spørgsmålene er gemt.')).toBeVisible();
  });
});
