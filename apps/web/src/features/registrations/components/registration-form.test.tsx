import type { MeetingDetail } from '@bok/shared/meetings';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { setLocale } from '@/i18n/i18n';
import { buildLibrary, buildMeetingDetail, buildNetwork } from '@/testing/fixtures';
import { type ApiRoute, jsonResponse, problemResponse, requestsTo } from '@/testing/mock-api';
import { renderApp } from '@/testing/render-app';

const koege = buildLibrary();
const roskilde = buildLibrary({ slug: 'roskilde-bibliotekerne', name: 'Roskilde Bibliotekerne' });
const notMember = buildLibrary({ slug: 'greve-bibliotek', name: 'Greve Bibliotek', isMember: false });

function renderRegistration(meeting: MeetingDetail = buildMeetingDetail(), post?: ApiRoute) {
  const postPath = `/api/v1/meetings/${meeting.id}/registrations`;
  const view = renderApp(`/moeder/${meeting.slug}`, {
    '/api/v1/network': buildNetwork(),
    '/api/v1/libraries': { items: [koege, roskilde, notMember] },
    [`/api/v1/meetings/${meeting.slug}`]: meeting,
    ...(post ? { [`POST ${postPath}`]: post } : {}),
  });
  return { ...view, meeting, posts: () => requestsTo(view.fetchMock, postPath, 'POST') };
}

async function form() {
  return screen.findByTestId('registration-form');
}

function type(label: string | RegExp, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

async function fillValidForm() {
  await form();
  type('Navn', 'Mette Tew');
  type('E-mail', 'mette@koege.dk');
  await screen.findByRole('option', { name: 'Køge Bibliotekerne' });
  fireEvent.change(screen.getByLabelText('Bibliotek'), { target: { value: koege.id } });
  fireEvent.click(screen.getByLabelText(/Jeg giver samtykke/));
}

function submit() {
  fireEvent.click(screen.getByRole('button', { name: 'Tilmeld mig' }));
}

/** The error text beside a field, found the way a screen reader finds it: through aria-describedby. */
function describedErrors(field: HTMLElement): string {
  return (field.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id))
    .filter((element) => element?.className.includes('field__error'))
    .map((element) => element?.textContent ?? '')
    .join(' ');
}

const created = {
  id: '00000000-0000-4000-8000-00000000aaaa',
  status: 'confirmed',
  waitlistPosition: null,
  confirmBy: null,
};

describe('registration form', () => {
  it('has labelled fields, a grouped library list with "another library", and a hidden bot trap', async () => {
    renderRegistration();
    const registration = await form();
    expect(within(registration).getByRole('heading', { level: 3, name: 'Tilmeld dig' })).toBeVisible();
    for (const label of [
      'Navn',
      'E-mail',
      'Bibliotek',
      /Stilling/,
      /Hensyn til kosten/,
      /Hensyn til tilgængelighed/,
      /Kommentar/,
    ]) {
      expect(screen.getByLabelText(label)).toBeVisible();
    }
    expect(screen.getByLabelText(/Stilling/).closest('.field')?.textContent).toContain('(valgfrit)');
    expect(screen.getByLabelText('Navn').getAttribute('aria-required')).toBe('true');
    expect(screen.getByLabelText(/Hensyn til tilgængelighed/).getAttribute('aria-describedby')).toBeTruthy();
    expect(screen.getByText(/kørestolsadgang, teleslynge, en ledsager/)).toBeVisible();

    const library = screen.getByLabelText('Bibliotek');
    await within(library).findByRole('option', { name: 'Køge Bibliotekerne' });
    const groups = within(library).getAllByRole('group');
    expect(groups.map((group) => group.getAttribute('label'))).toEqual(['Medlemsbiblioteker', 'Andre biblioteker']);
    expect(within(groups[1]!).getByRole('option', { name: 'Greve Bibliotek' })).toBeVisible();

    expect(screen.queryByLabelText('Bibliotekets navn')).toBeNull();
    fireEvent.change(library, { target: { value: 'other' } });
    expect(screen.getByLabelText('Bibliotekets navn')).toBeVisible();

    const privacy = screen.getByRole('link', { name: /Læs, hvordan vi behandler dine oplysninger/ });
    expect(privacy.getAttribute('href')).toBe('/privatliv');
    expect(screen.getByLabelText(/Jeg giver samtykke/).getAttribute('aria-describedby')).toContain(
      'registration-consent-hint',
    );

    const trap = registration.querySelector<HTMLInputElement>('input[name="website"]');
    expect(trap?.tabIndex).toBe(-1);
    expect(trap?.getAttribute('autocomplete')).toBe('off');
    expect(trap?.closest('[aria-hidden="true"]')).not.toBeNull();
    // Out of the accessibility tree: no role query finds it.
    expect(screen.queryByRole('textbox', { name: 'Lad dette felt stå tomt' })).toBeNull();
  });

  it('says clearly that a full meeting puts people on the waitlist', async () => {
    renderRegistration(
      buildMeetingDetail({
        registrationState: 'waitlist',
        seats: { capacity: 30, confirmed: 30, waitlisted: 2, available: 0 },
      }),
    );
    await form();
    expect(screen.getByRole('heading', { level: 3, name: 'Skriv dig på ventelisten' })).toBeVisible();
    expect(screen.getByTestId('waitlist-note').textContent).toContain('kommer du på ventelisten');
    expect(screen.getByRole('button', { name: 'Skriv mig på ventelisten' })).toBeEnabled();
  });

  it.each(['not_yet_open', 'full', 'closed', 'cancelled'] as const)(
    'shows no form when registration is %s',
    async (registrationState) => {
      renderRegistration(buildMeetingDetail({ registrationState, registrationOpensAt: '2026-04-12T07:00:00.000Z' }));
      await screen.findByTestId('registration-state');
      expect(screen.queryByTestId('registration-form')).toBeNull();
    },
  );

  it('checks the form with the shared schema and says what to fix, beside each field and in a focused summary', async () => {
    const { posts } = renderRegistration();
    await form();
    submit();

    const summary = await screen.findByTestId('error-summary');
    await waitFor(() => expect(document.activeElement).toBe(summary));
    expect(
      within(summary)
        .getAllByRole('link')
        .map((link) => link.textContent),
    ).toEqual([
      'Skriv dit navn.',
      'Skriv din e-mailadresse.',
      'Vælg dit bibliotek på listen, eller vælg „Andet bibliotek“ og skriv navnet.',
      'Sæt kryds for at give samtykke – ellers kan vi ikke tilmelde dig.',
    ]);

    const name = screen.getByLabelText('Navn');
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(describedErrors(name)).toContain('Skriv dit navn.');
    expect(describedErrors(screen.getByLabelText('Bibliotek'))).toContain('Vælg dit bibliotek');
    expect(describedErrors(screen.getByLabelText(/Jeg giver samtykke/))).toContain('Sæt kryds');
    expect(screen.getByLabelText(/Stilling/).getAttribute('aria-invalid')).toBeNull();

    // A link in the summary takes the keyboard to the field.
    fireEvent.click(within(summary).getByRole('link', { name: 'Skriv din e-mailadresse.' }));
    expect(document.activeElement).toBe(screen.getByLabelText('E-mail'));
    expect(posts()).toHaveLength(0);
  });

  it('keeps the messages in the language the visitor switches to', async () => {
    renderRegistration();
    await form();
    submit();
    await screen.findByTestId('error-summary');
    fireEvent.click(screen.getByRole('button', { name: 'English' }));
    expect(await screen.findByRole('link', { name: 'Enter your name.' })).toHaveAttribute(
      'href',
      `#${screen.getByLabelText('Name').id}`,
    );
    expect(describedErrors(screen.getByLabelText('E-mail'))).toContain('Enter your e-mail address.');
  });

  it('explains a malformed address, a text that is too long and a missing library name', async () => {
    renderRegistration();
    await fillValidForm();
    type('E-mail', 'mette@koege');
    type(/Kommentar/, 'x'.repeat(2001));
    fireEvent.change(screen.getByLabelText('Bibliotek'), { target: { value: 'other' } });
    submit();

    await screen.findByTestId('error-summary');
    expect(describedErrors(screen.getByLabelText('E-mail'))).toContain(
      'Skriv en gyldig e-mailadresse, fx navn@bibliotek.dk.',
    );
    expect(describedErrors(screen.getByLabelText(/Kommentar/))).toContain('Teksten må højst være 2000 tegn.');
    expect(describedErrors(screen.getByLabelText('Bibliotekets navn'))).toContain('Skriv navnet på dit bibliotek.');
  });

  it('sends the checked registration with the language and an Idempotency-Key, then confirms and refreshes the seats', async () => {
    const { posts, fetchMock, meeting } = renderRegistration(undefined, jsonResponse(created, 201));
    await fillValidForm();
    type(/Hensyn til tilgængelighed/, '  Teleslynge ');
    const meetingCalls = () => requestsTo(fetchMock, `/api/v1/meetings/${meeting.slug}`).length;
    const before = meetingCalls();
    submit();

    const confirmation = await screen.findByTestId('registration-confirmation');
    expect(confirmation.dataset.status).toBe('confirmed');
    expect(within(confirmation).getByRole('heading', { name: 'Du er tilmeldt' })).toBeVisible();
    expect(confirmation.textContent).toContain('Du har en plads til „Design thinking i praksis“.');
    expect(confirmation.textContent).toContain('Vi sender en e-mail til mette@koege.dk');
    expect(confirmation.textContent).toContain('afmelde din tilmelding');
    await waitFor(() => expect(document.activeElement).toBe(confirmation));
    expect(screen.queryByTestId('registration-form')).toBeNull();

    const [post] = posts();
    expect(post?.body).toEqual({
      name: 'Mette Tew',
      email: 'mette@koege.dk',
      libraryId: koege.id,
      accessibilityNeeds: 'Teleslynge',
      consent: true,
      locale: 'da',
    });
    expect(post?.headers.get('idempotency-key')).toMatch(/^[0-9a-f-]{36}$/);
    await waitFor(() => expect(meetingCalls()).toBeGreaterThan(before));
  });

  it('sends a typed library name and the English locale when the page is in English', async () => {
    await setLocale('en');
    const { posts } = renderRegistration(undefined, jsonResponse(created, 201));
    await form();
    type('Name', 'Mette Tew');
    type('E-mail', 'mette@koege.dk');
    fireEvent.change(screen.getByLabelText('Library'), { target: { value: 'other' } });
    type('Name of the library', 'Biblioteket i Ishøj');
    fireEvent.click(screen.getByLabelText(/I consent/));
    fireEvent.click(screen.getByRole('button', { name: 'Register' }));
    await screen.findByTestId('registration-confirmation');
    expect(posts()[0]?.body).toMatchObject({ libraryName: 'Biblioteket i Ishøj', locale: 'en' });
    expect(posts()[0]?.body).not.toHaveProperty('libraryId');
  });

  it('confirms a place on the waitlist with its position', async () => {
    renderRegistration(
      buildMeetingDetail({
        registrationState: 'waitlist',
        seats: { capacity: 30, confirmed: 30, waitlisted: 2, available: 0 },
      }),
      jsonResponse({ ...created, status: 'waitlisted', waitlistPosition: 3 }, 201),
    );
    await fillValidForm();
    fireEvent.click(screen.getByRole('button', { name: 'Skriv mig på ventelisten' }));
    const confirmation = await screen.findByTestId('registration-confirmation');
    expect(confirmation.dataset.status).toBe('waitlisted');
    expect(within(confirmation).getByRole('heading', { name: 'Du er på ventelisten' })).toBeVisible();
    expect(screen.getByTestId('waitlist-position').textContent).toBe(
      'Du er nummer 3 på ventelisten. Bliver der en plads, rykker du automatisk op, og vi sender dig en e-mail.',
    );
  });

  it('tells a registrant whose place is held to confirm it from the e-mail, and by when', async () => {
    renderRegistration(
      buildMeetingDetail({ registrationRules: { confirmationRequired: true, holdMinutes: 60, seatsPerLibrary: null } }),
      jsonResponse({ ...created, confirmBy: '2026-06-01T10:30:00.000Z' }, 201),
    );
    await fillValidForm();
    submit();
    const confirmation = await screen.findByTestId('registration-confirmation');
    expect(within(confirmation).getByRole('heading', { name: 'Bekræft fra din e-mail' })).toBeVisible();
    expect(screen.getByTestId('hold-deadline').textContent).toBe(
      'Vi holder en plads til dig indtil 1. juni 2026 kl. 12.30.',
    );
    expect(confirmation.textContent).toContain('Åbn e-mailen, vi har sendt til mette@koege.dk');
    expect(confirmation.textContent).not.toContain('Du er tilmeldt');
  });

  it('says so when the library already has the seats it may have and there is no waitlist', async () => {
    renderRegistration(undefined, problemResponse(409, { code: 'library_full' }));
    await fillValidForm();
    submit();
    expect(await screen.findByTestId('registration-refused')).toHaveTextContent(
      'Dit bibliotek har allerede alle de pladser, ét bibliotek kan få til mødet',
    );
  });

  it('reveals nothing when the address was already registered, and says the link was sent again', async () => {
    renderRegistration(
      undefined,
      jsonResponse({ id: null, status: 'already_registered', waitlistPosition: null, confirmBy: null }, 202),
    );
    await fillValidForm();
    submit();
    const confirmation = await screen.findByTestId('registration-confirmation');
    expect(confirmation.dataset.status).toBe('already_registered');
    expect(confirmation.textContent).toContain(
      'Hvis mette@koege.dk allerede var tilmeldt mødet, har vi sendt linket til tilmeldingen til adressen igen.',
    );
    expect(confirmation.textContent).not.toContain('Du er tilmeldt');

    // Registering a colleague starts an empty form at its first field.
    fireEvent.click(within(confirmation).getByRole('button', { name: 'Tilmeld en kollega' }));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Navn')));
    expect((screen.getByLabelText('Navn') as HTMLInputElement).value).toBe('');
  });

  it('shows the fields the server named beside those fields', async () => {
    renderRegistration(
      undefined,
      problemResponse(400, {
        code: 'validation_failed',
        title: 'The request is not valid',
        detail: 'Some fields are not valid.',
        errors: [
          { field: 'libraryId', message: 'unknown_library', code: 'unknown_library' },
          { field: 'email', message: 'Invalid email address', code: 'invalid_format' },
        ],
      }),
    );
    await fillValidForm();
    submit();

    const summary = await screen.findByTestId('error-summary');
    await waitFor(() => expect(document.activeElement).toBe(summary));
    expect(describedErrors(screen.getByLabelText('E-mail'))).toContain('Skriv en gyldig e-mailadresse');
    expect(describedErrors(screen.getByLabelText('Bibliotek'))).toContain('Vi kender ikke det valgte bibliotek.');
    expect(describedErrors(screen.getByLabelText('Navn'))).toBe('');
    expect(screen.queryByTestId('registration-error')).toBeNull();
  });

  it('says so in an alert when the meeting filled up meanwhile, and refreshes the meeting', async () => {
    const { fetchMock, meeting } = renderRegistration(
      buildMeetingDetail({ waitlistEnabled: false }),
      problemResponse(409, {
        code: 'meeting_full',
        title: 'The meeting is full',
        detail: 'The meeting is full and has no waitlist.',
      }),
    );
    await fillValidForm();
    const before = requestsTo(fetchMock, `/api/v1/meetings/${meeting.slug}`).length;
    submit();
    const alert = await screen.findByTestId('registration-refused');
    expect(alert.getAttribute('role')).toBe('alert');
    expect(alert.textContent).toContain('Mødet er blevet fuldt booket, mens du udfyldte formularen');
    await waitFor(() => expect(document.activeElement).toBe(alert));
    await waitFor(() =>
      expect(requestsTo(fetchMock, `/api/v1/meetings/${meeting.slug}`).length).toBeGreaterThan(before),
    );
  });

  it('says how long to wait when rate limited', async () => {
    renderRegistration(
      undefined,
      problemResponse(429, { code: 'rate_limited', title: 'Too many requests' }, { 'retry-after': '30' }),
    );
    await fillValidForm();
    submit();
    const alert = await screen.findByTestId('registration-error');
    expect(alert.getAttribute('role')).toBe('alert');
    expect(alert.textContent).toContain('Vent 30 sekunder, og prøv igen.');
    await waitFor(() => expect(document.activeElement).toBe(alert));
  });

  it('retries the same data with the same Idempotency-Key, and changed data with a new one', async () => {
    let attempts = 0;
    const { posts } = renderRegistration(undefined, () => {
      attempts += 1;
      if (attempts === 1) throw new TypeError('Failed to fetch');
      return problemResponse(503, { code: 'service_unavailable', title: 'Service unavailable' });
    });
    await fillValidForm();
    submit();
    expect((await screen.findByTestId('registration-error')).textContent).toContain('du bliver ikke tilmeldt to gange');
    submit();
    await waitFor(() => expect(posts()).toHaveLength(2));
    await waitFor(() =>
      expect(screen.getByTestId('registration-error').textContent).toContain('Der opstod en fejl hos os'),
    );
    type('Navn', 'Mette Tew Hansen');
    submit();
    await waitFor(() => expect(posts()).toHaveLength(3));

    const keys = posts().map((post) => post.headers.get('idempotency-key'));
    expect(keys[0]).toBeTruthy();
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[0]);
  });

  it('sends once when the button is pressed twice', async () => {
    let answer: (response: Response) => void = () => {};
    const { posts } = renderRegistration(undefined, () => new Promise<Response>((resolve) => (answer = resolve)));
    await fillValidForm();
    submit();
    expect(await screen.findByText('Sender din tilmelding …')).toBeVisible();
    submit();
    await waitFor(() => expect(posts()).toHaveLength(1));
    answer(jsonResponse(created, 201));
    await screen.findByTestId('registration-confirmation');
    expect(posts()).toHaveLength(1);
  });

  it('asks the meeting’s own questions, checks them with the shared rule, and sends the answers', async () => {
    const track = {
      id: '00000000-0000-4000-8000-00000000a001',
      label: 'Hvilket spor?',
      kind: 'single_choice' as const,
      required: true,
      options: ['Formidling', 'Data'],
    };
    const dinner = {
      id: '00000000-0000-4000-8000-00000000a002',
      label: 'Middag?',
      kind: 'yes_no' as const,
      required: false,
      options: [],
    };
    const topics = {
      id: '00000000-0000-4000-8000-00000000a003',
      label: 'Emner',
      kind: 'multiple_choice' as const,
      required: false,
      options: ['Børn', 'Voksne'],
    };
    const { posts } = renderRegistration(buildMeetingDetail({ questions: [track, dinner, topics] }), () =>
      jsonResponse(created, 201),
    );
    await fillValidForm();
    const questions = screen.getByTestId('meeting-questions');
    expect(within(questions).getByRole('group', { name: 'Hvilket spor?' })).toBeVisible();
    expect(within(questions).getByRole('group', { name: /Middag\? \(valgfrit\)/ })).toBeVisible();

    submit();
    const summary = await screen.findByTestId('error-summary');
    expect(within(summary).getByRole('link', { name: 'Svar på spørgsmålet.' })).toHaveAttribute(
      'href',
      `#registration-question-${track.id}-0`,
    );
    expect(posts()).toHaveLength(0);

    fireEvent.click(within(questions).getByLabelText('Data'));
    fireEvent.click(within(questions).getByLabelText('Ja'));
    fireEvent.click(within(questions).getByLabelText('Børn'));
    fireEvent.click(within(questions).getByLabelText('Voksne'));
    fireEvent.click(within(questions).getByLabelText('Børn'));
    submit();
    await waitFor(() => expect(posts()).toHaveLength(1));
    expect(posts()[0]?.body).toMatchObject({
      answers: { [track.id]: 'Data', [dinner.id]: true, [topics.id]: ['Voksne'] },
    });
  });
});
