import type { SessionState } from '@bok/shared/auth';
import type { Participant, ParticipantList } from '@bok/shared/participants';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildMeetingDetail, buildNetwork } from '@/testing/fixtures';
import { type ApiRoute, problemResponse, requestsTo } from '@/testing/mock-api';
import { renderApp } from '@/testing/render-app';

const session: SessionState = {
  csrfToken: 'csrf-token-from-sign-in',
  coordinator: { id: '00000000-0000-4000-8000-0000000000c1', email: 'k@bok.example', name: 'Ane', totpEnabled: false },
  expiresAt: '2026-06-01T20:00:00.000Z',
  idleTimeoutMinutes: 30,
};
const meeting = buildMeetingDetail({ status: 'open' });

let n = 0;
function person(overrides: Partial<Participant>): Participant {
  n += 1;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    name: `Deltager ${n}`,
    email: `deltager${n}@bok.example`,
    library: null,
    libraryName: 'Greve Bibliotek',
    jobTitle: null,
    dietaryNeeds: null,
    accessibilityNeeds: null,
    comment: null,
    locale: 'da',
    status: 'confirmed',
    waitlistPosition: null,
    holdExpiresAt: null,
    createdAt: '2026-05-01T08:00:00.000Z',
    cancelledAt: null,
    checkedInAt: null,
    answers: {},
    ...overrides,
  };
}

function listOf(items: Participant[]): ParticipantList {
  const count = (status: Participant['status']) => items.filter((item) => item.status === status).length;
  return {
    items,
    counts: {
      confirmed: count('confirmed'),
      waitlisted: count('waitlisted'),
      cancelled: count('cancelled'),
      held: 0,
      checkedIn: items.filter((item) => item.checkedInAt).length,
      capacity: 2,
    },
  };
}

function render(path: string, routes: Record<string, ApiRoute>) {
  return renderApp(path, {
    '/api/v1/network': buildNetwork(),
    '/api/v1/auth/session': session,
    '/api/v1/libraries': { items: [] },
    [`/api/v1/coordinator/meetings/${meeting.id}`]: meeting,
    [`/api/v1/meetings/${meeting.id}/headcount`]: {
      confirmed: 2,
      checkedIn: 0,
      waitlisted: 1,
      byLibrary: [{ library: 'Greve Bibliotek', count: 2 }],
      dietaryNeeds: [{ need: 'Vegetar', count: 2 }],
      accessibilityNeeds: [],
      answers: [],
    },
    ...routes,
  });
}

afterEach(() => {
  vi.unstubAllGlobals();
  window.localStorage.clear();
});

describe('the participants of a meeting in the dashboard', () => {
  it('filters on the server, seats someone from the waitlist knowingly, and adds someone by hand', async () => {
    const mette = person({ name: 'Mette Hansen' });
    const bo = person({ name: 'Bo Berg' });
    const waiting = person({ name: 'Åse Ventesen', status: 'waitlisted', waitlistPosition: 1 });
    let people = [bo, mette, waiting];
    const { fetchMock } = render(`/koordinator/moeder/${meeting.id}/deltagere`, {
      [`/api/v1/meetings/${meeting.id}/registrations`]: (url) => {
        const q = url.searchParams.get('q')?.toLowerCase();
        return listOf(q ? people.filter((item) => item.name.toLowerCase().includes(q)) : people);
      },
      [`POST /api/v1/registrations/${waiting.id}/move`]: (_url, request) => {
        if (!(request.body as { overrideCapacity?: boolean }).overrideCapacity)
          return problemResponse(409, {
            code: 'conflict',
            detail: 'All 2 seats are taken (2 confirmed).',
            errors: [{ field: 'overrideCapacity', code: 'custom', message: 'meeting_full' }],
          });
        people = people.map((item) =>
          item.id === waiting.id ? { ...item, status: 'confirmed', waitlistPosition: null } : item,
        );
        return people.find((item) => item.id === waiting.id)!;
      },
      [`POST /api/v1/meetings/${meeting.id}/registrations/manual`]: (_url, request) => {
        const added = person({ ...(request.body as Partial<Participant>), status: 'waitlisted', waitlistPosition: 2 });
        people = [...people, added];
        return added;
      },
    });
    const table = await screen.findByTestId('participants');
    expect(within(table).getAllByRole('row')).toHaveLength(4);
    expect(screen.getByTestId('participant-counts')).toHaveTextContent('2 af 2 pladser taget · 1 på venteliste');

    fireEvent.change(screen.getByLabelText('Søg i navn, e-mail eller bibliotek'), { target: { value: 'mette' } });
    await waitFor(() => expect(within(screen.getByTestId('participants')).getAllByRole('row')).toHaveLength(2));
    expect(
      requestsTo(fetchMock, `/api/v1/meetings/${meeting.id}/registrations`).at(-1)?.url.searchParams.get('q'),
    ).toBe('mette');
    fireEvent.change(screen.getByLabelText('Søg i navn, e-mail eller bibliotek'), { target: { value: '' } });
    await waitFor(() => expect(within(screen.getByTestId('participants')).getAllByRole('row')).toHaveLength(4));

    // Full: asked, then seated beyond the capacity knowingly.
    fireEvent.click(screen.getByRole('button', { name: 'Giv Åse Ventesen en plads' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Giv Åse Ventesen en plads alligevel' }));
    await waitFor(() =>
      expect(requestsTo(fetchMock, `/api/v1/registrations/${waiting.id}/move`, 'POST')[1]?.body).toEqual({
        to: 'confirmed',
        overrideCapacity: true,
        notify: true,
      }),
    );
    expect(
      requestsTo(fetchMock, `/api/v1/registrations/${waiting.id}/move`, 'POST')[1]?.headers.get('x-csrf-token'),
    ).toBe('csrf-token-from-sign-in');

    const form = screen.getByTestId('add-participant');
    fireEvent.click(within(form).getByRole('button', { name: 'Tilføj deltageren' }));
    expect(within(form).getByLabelText('Navn')).toHaveAttribute('aria-invalid', 'true');
    fireEvent.change(within(form).getByLabelText('Navn'), { target: { value: 'Ny Person' } });
    fireEvent.change(within(form).getByLabelText('E-mail'), { target: { value: 'ny@bok.example' } });
    fireEvent.click(within(form).getByLabelText('Send bekræftelsen med kalenderinvitation og link til tilmeldingen'));
    fireEvent.click(within(form).getByRole('button', { name: 'Tilføj deltageren' }));
    expect(await within(form).findByText('Ny Person er på ventelisten som nummer 2.')).toBeVisible();
    expect(requestsTo(fetchMock, `/api/v1/meetings/${meeting.id}/registrations/manual`, 'POST')[0]?.body).toMatchObject(
      {
        name: 'Ny Person',
        email: 'ny@bok.example',
        notify: false,
        overrideCapacity: false,
      },
    );
    expect(screen.getByTestId('headcount')).toHaveTextContent('Vegetar: 2');
    expect(screen.getByRole('link', { name: 'Hent som CSV (Excel)' })).toHaveAttribute(
      'href',
      `/api/v1/meetings/${meeting.id}/registrations.csv?sort=name&locale=da`,
    );
  });
  it('writes to a group: previews first, then sends to the count it showed, and lists it in the history', async () => {
    let history: object[] = [];
    const { fetchMock } = render(`/koordinator/moeder/${meeting.id}/deltagere`, {
      [`/api/v1/meetings/${meeting.id}/registrations`]: listOf([person({})]),
      [`/api/v1/meetings/${meeting.id}/messages`]: () => ({ items: history }),
      [`POST /api/v1/meetings/${meeting.id}/messages/preview`]: (_url, request) => ({
        recipientCount: 12,
        subject: (request.body as { subject: string }).subject,
        text: 'Hej [navn]\n\nEn besked fra koordinatoren …',
      }),
      [`POST /api/v1/meetings/${meeting.id}/messages`]: (_url, request) => {
        const sent = {
          id: '00000000-0000-4000-8000-00000000beef',
          ...(request.body as object),
          recipientCount: 12,
          createdAt: '2026-05-01T10:00:00.000Z',
          sentBy: { type: 'coordinator', name: 'Ane' },
        };
        history = [sent];
        return sent;
      },
    });
    const composer = await screen.findByTestId('message-composer');
    fireEvent.click(within(composer).getByRole('button', { name: 'Se beskeden, før den sendes' }));
    expect(within(composer).getByLabelText('Emne')).toHaveAttribute('aria-invalid', 'true');
    fireEvent.change(within(composer).getByLabelText('Til'), { target: { value: 'checked_in' } });
    fireEvent.change(within(composer).getByLabelText('Emne'), { target: { value: 'Tak for i dag' } });
    fireEvent.change(within(composer).getByLabelText('Besked'), { target: { value: 'Slides følger.' } });
    fireEvent.click(within(composer).getByRole('button', { name: 'Se beskeden, før den sendes' }));
    expect(await within(composer).findByTestId('message-preview')).toHaveTextContent('Den går til 12 deltagere.');
    expect(requestsTo(fetchMock, `/api/v1/meetings/${meeting.id}/messages`, 'POST')).toHaveLength(0);
    fireEvent.click(within(composer).getByRole('button', { name: 'Send til 12 deltagere' }));
    expect(await within(composer).findByText('Beskeden er sendt til 12 deltagere.')).toBeVisible();
    expect(requestsTo(fetchMock, `/api/v1/meetings/${meeting.id}/messages`, 'POST')[0]?.body).toEqual({
      audience: 'checked_in',
      subject: 'Tak for i dag',
      body: 'Slides følger.',
    });
    expect(await within(composer).findByTestId('message-history')).toHaveTextContent('Tak for i dag');
  });
});

describe('check-in at the door', () => {
  it('checks in while offline, keeps it on the phone, and sends it with its time when the connection is back', async () => {
    const mette = person({ name: 'Mette Hansen', libraryName: 'Køge Bibliotekerne' });
    const bo = person({ name: 'Bo Berg' });
    let online = false;
    vi.spyOn(navigator, 'onLine', 'get').mockImplementation(() => online);
    const { fetchMock } = render(`/koordinator/moeder/${meeting.id}/tjek-ind`, {
      [`/api/v1/meetings/${meeting.id}/registrations`]: () => listOf([bo, mette]),
      [`POST /api/v1/registrations/${mette.id}/check-in`]: (_url, request) => {
        if (!online) throw new TypeError('Failed to fetch');
        return { id: mette.id, checkedInAt: (request.body as { at: string }).at, applied: true };
      },
    });
    expect(await screen.findByTestId('check-in-counts')).toHaveTextContent('0 af 2 er kommet');

    // Instant search, accents or not.
    fireEvent.change(screen.getByLabelText('Søg efter navn eller bibliotek'), { target: { value: 'koge' } });
    const list = screen.getByTestId('check-in-list');
    expect(within(list).getAllByRole('listitem')).toHaveLength(1);
    fireEvent.click(within(list).getByRole('button', { name: 'Tjek Mette Hansen ind' }));
    expect(within(list).getByRole('button', { name: 'Fortryd Mette Hansen' })).toBeVisible();
    expect(screen.getByTestId('check-in-counts')).toHaveTextContent('1 af 2 er kommet');
    expect(screen.getByTestId('check-in-pending')).toHaveTextContent('Ingen forbindelse. 1 tjek-ind er gemt');
    expect(JSON.parse(window.localStorage.getItem(`bok.check-in.${meeting.id}`) ?? '[]')).toHaveLength(1);

    online = true;
    act(() => {
      window.dispatchEvent(new Event('online'));
    });
    await waitFor(() => expect(screen.queryByTestId('check-in-pending')).toBeNull());
    const [sent] = requestsTo(fetchMock, `/api/v1/registrations/${mette.id}/check-in`, 'POST');
    expect(sent?.body).toEqual({ at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) });
    expect(sent?.headers.get('x-csrf-token')).toBe('csrf-token-from-sign-in');
    expect(window.localStorage.getItem(`bok.check-in.${meeting.id}`)).toBeNull();
  });
});
