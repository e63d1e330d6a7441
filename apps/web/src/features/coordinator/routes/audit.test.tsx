import type { AuditEntry } from '@bok/shared/audit';
import type { SessionState } from '@bok/shared/auth';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { buildMeetingDetail, buildNetwork } from '@/testing/fixtures';
import { requestsTo } from '@/testing/mock-api';
import { renderApp } from '@/testing/render-app';

const session: SessionState = {
  csrfToken: 'csrf',
  coordinator: { id: '00000000-0000-4000-8000-0000000000c1', email: 'k@bok.example', name: 'Ane', totpEnabled: false },
  expiresAt: '2026-06-01T20:00:00.000Z',
  idleTimeoutMinutes: 30,
};

const entry = (n: number, overrides: Partial<AuditEntry>): AuditEntry => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  at: `2026-05-0${n}T08:00:00.000Z`,
  actor: { type: 'coordinator', id: session.coordinator.id, name: 'Ane Koordinator' },
  action: 'registration.checked_in',
  entityType: 'registration',
  entityId: '00000000-0000-4000-8000-00000000aaaa',
  entityLabel: 'Mette Hansen',
  data: null,
  ...overrides,
});

describe('the audit log in the dashboard', () => {
  it('shows a meeting’s history in words, older entries on request, filtered by what', async () => {
    const meeting = buildMeetingDetail({ title: 'Historiens møde' });
    const { fetchMock } = renderApp(`/koordinator/log?meetingId=${meeting.id}`, {
      '/api/v1/network': buildNetwork(),
      '/api/v1/auth/session': session,
      '/api/v1/coordinator/meetings': { items: [meeting], page: 1, pageSize: 100, total: 1 },
      '/api/v1/audit': (url) =>
        url.searchParams.get('cursor') === 'next'
          ? {
              items: [
                entry(1, {
                  action: 'meeting.updated',
                  entityType: 'meeting',
                  entityLabel: 'Historiens møde',
                  data: { 'capacity.before': 5, 'capacity.after': 6 },
                }),
              ],
              nextCursor: null,
            }
          : {
              items: [
                entry(3, {}),
                entry(2, { action: 'something.new', actor: { type: 'system', id: null, name: null } }),
              ],
              nextCursor: 'next',
            },
    });
    const table = await screen.findByTestId('audit-log');
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    expect(table).toHaveTextContent('Tjekket ind');
    expect(table).toHaveTextContent('Mette Hansen');
    expect(table).toHaveTextContent('Systemet');
    expect(table).toHaveTextContent('something.new');
    expect(screen.getByLabelText('Møde')).toHaveValue(meeting.id);
    expect(requestsTo(fetchMock, '/api/v1/audit')[0]?.url.searchParams.get('meetingId')).toBe(meeting.id);

    fireEvent.click(screen.getByRole('button', { name: 'Vis ældre' }));
    await waitFor(() => expect(within(screen.getByTestId('audit-log')).getAllByRole('row')).toHaveLength(4));
    expect(screen.getByTestId('audit-log')).toHaveTextContent('capacity.before: 5 · capacity.after: 6');
    expect(screen.queryByRole('button', { name: 'Vis ældre' })).toBeNull();

    fireEvent.change(screen.getByLabelText('Hvad'), { target: { value: 'registration.' } });
    await waitFor(() =>
      expect(requestsTo(fetchMock, '/api/v1/audit').at(-1)?.url.searchParams.get('action')).toBe('registration.'),
    );
  });
});
