import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { buildMailboxEmail, buildMailboxMessage, buildNetwork } from '@/testing/fixtures';
import { problemResponse, requestsTo } from '@/testing/mock-api';
import { renderApp } from '@/testing/render-app';

const message = buildMailboxMessage();
const newer = buildMailboxEmail({
  id: message.id,
  subject: message.subject,
  createdAt: '2026-04-20T09:00:00.000Z',
});
const older = buildMailboxEmail({
  to: 'jens@greve.dk',
  toName: 'Jens',
  kind: 'registration_waitlisted',
  subject: 'Du er på ventelisten: Design thinking i praksis',
  createdAt: '2026-04-20T08:00:00.000Z',
  status: 'sent',
});

function renderMailbox(path = '/dev/postkasse') {
  return renderApp(path, {
    '/api/v1/network': buildNetwork(),
    '/api/dev/mailbox': (url) => ({
      items: [older, newer].filter((email) => !url.searchParams.get('to') || email.to === url.searchParams.get('to')),
    }),
    [`/api/dev/mailbox/${message.id}`]: message,
  });
}

describe('development mailbox', () => {
  it('lists the e-mails newest first', async () => {
    renderMailbox();
    expect(await screen.findByRole('heading', { level: 1, name: 'Udviklingspostkasse' })).toBeVisible();
    const list = await screen.findByTestId('mailbox-list');
    const items = within(list).getAllByTestId('mailbox-item');
    expect(items.map((item) => within(item).getByRole('button').textContent)).toEqual([newer.subject, older.subject]);
    expect(items[1]?.textContent).toContain('Til jens@greve.dk');
    expect(items[1]?.textContent).toContain('På ventelisten');
    expect(items[1]?.textContent).toContain('Sendt');
    expect(screen.getByRole('heading', { level: 2, name: '2 e-mails' })).toBeVisible();
  });

  it('filters by address', async () => {
    const { fetchMock } = renderMailbox();
    await screen.findByTestId('mailbox-list');
    fireEvent.change(screen.getByLabelText('Vis kun e-mails til'), { target: { value: 'jens@greve.dk' } });
    fireEvent.click(screen.getByRole('button', { name: 'Vis' }));
    await waitFor(() => expect(screen.getAllByTestId('mailbox-item')).toHaveLength(1));
    expect(screen.getByTestId('mailbox-item').textContent).toContain('jens@greve.dk');
    const calls = requestsTo(fetchMock, '/api/dev/mailbox');
    expect(calls.at(-1)?.url.searchParams.get('to')).toBe('jens@greve.dk');
    expect(screen.getByRole('link', { name: 'Vis alle e-mails' })).toHaveAttribute('href', '/dev/postkasse');
  });

  it('shows an e-mail with its text, a clickable manage link and its HTML in a sandbox', async () => {
    renderMailbox();
    fireEvent.click(await screen.findByRole('button', { name: newer.subject }));

    const view = await screen.findByTestId('mailbox-message');
    const heading = within(view).getByRole('heading', { level: 2, name: message.subject });
    await waitFor(() => expect(document.activeElement).toBe(heading));
    expect(view.textContent).toContain('Mette Tew <mette@koege.dk>');
    expect(view.textContent).toContain('Kalenderinvitation (.ics)');

    const manage = within(view).getByTestId('mailbox-manage-link');
    expect(manage.getAttribute('href')).toBe(`/tilmelding/${message.registrationId}#token=abc123`);
    expect(manage.textContent).toBe('Åbn linket til tilmeldingen');

    const text = within(view).getByTestId('mailbox-text');
    const links = within(text).getAllByRole('link');
    // The full stop after the link belongs to the sentence.
    expect(links[0]?.getAttribute('href')).toBe(
      `http://localhost:3000/tilmelding/${message.registrationId}#token=abc123`,
    );
    expect(links[1]?.getAttribute('href')).toBe('http://localhost:3000/moeder/design-thinking-i-praksis');

    const frame = within(view).getByTitle(`E-mailen „${message.subject}“ som HTML`);
    expect(frame.tagName).toBe('IFRAME');
    expect(frame.getAttribute('sandbox')).toBe('');
    expect(frame.getAttribute('srcdoc')).toBe(message.html);
    expect(screen.getAllByRole('button', { name: newer.subject })[0]?.getAttribute('aria-current')).toBe('true');
  });

  it('says the mailbox is not available when the API has none (SMTP configured, production)', async () => {
    renderApp('/dev/postkasse', {
      '/api/v1/network': buildNetwork(),
      '/api/dev/mailbox': problemResponse(404, { detail: 'No route for GET /api/dev/mailbox.' }),
    });
    const notice = await screen.findByTestId('mailbox-unavailable');
    expect(within(notice).getByRole('heading', { name: 'Postkassen er ikke tilgængelig' })).toBeVisible();
    expect(screen.queryByTestId('mailbox-list')).toBeNull();
  });

  it('is not in the main menu', async () => {
    renderMailbox();
    const nav = await screen.findByRole('navigation', { name: 'Hovedmenu' });
    expect(within(nav).queryByRole('link', { name: /postkasse/i })).toBeNull();
  });
});
