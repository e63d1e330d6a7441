import type { RegistrationState } from '@bok/shared/meetings';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { setLocale } from '@/i18n/i18n';
import { buildMeetingDetail } from '@/testing/fixtures';
import { RegistrationPanel } from './registration-panel';

function stateText(overrides: Parameters<typeof buildMeetingDetail>[0]) {
  render(<RegistrationPanel meeting={buildMeetingDetail(overrides)} />);
  return screen.getByTestId('registration-state').textContent;
}

describe('RegistrationPanel', () => {
  it.each<[RegistrationState, string]>([
    ['open', 'Tilmeldingen er åben'],
    ['waitlist', 'Mødet er fuldt booket — du kan skrive dig på ventelisten'],
    ['full', 'Mødet er fuldt booket'],
    ['closed', 'Tilmeldingen er lukket'],
    ['cancelled', 'Mødet er aflyst'],
  ])('says what %s means', (registrationState, text) => {
    expect(stateText({ registrationState })).toContain(text);
  });

  it('gives the deadline while registration is open', () => {
    expect(stateText({ registrationState: 'open', registrationClosesAt: '2026-06-06T21:59:00.000Z' })).toContain(
      'Tilmeldingsfrist: 6. juni 2026 kl. 23.59',
    );
  });

  it('tells beforehand that the place must be confirmed from the e-mail, and the cap per library', () => {
    const text = stateText({
      registrationState: 'open',
      registrationRules: { confirmationRequired: true, holdMinutes: 45, seatsPerLibrary: 1 },
    });
    expect(text).toContain('pladsen holdes til dig i 45 minutter');
    expect(text).toContain('Højst 1 plads pr. bibliotek');
  });

  it('says nothing of confirmation or caps when the meeting has neither, or no longer takes registrations', () => {
    expect(stateText({ registrationState: 'open' })).not.toMatch(/bekræfte|pr\. bibliotek/);
    render(
      <RegistrationPanel
        meeting={buildMeetingDetail({
          registrationState: 'closed',
          registrationRules: { confirmationRequired: true, holdMinutes: 45, seatsPerLibrary: 2 },
        })}
      />,
    );
    expect(screen.queryByTestId('rule-confirmation')).toBeNull();
    expect(screen.queryByTestId('rule-seats-per-library')).toBeNull();
  });

  it('gives the opening time in Copenhagen for a save-the-date meeting', () => {
    expect(stateText({ registrationState: 'not_yet_open', registrationOpensAt: '2026-04-12T07:00:00.000Z' })).toBe(
      'Save the date — tilmelding åbner 12. april 2026 kl. 09.00',
    );
  });

  it('copes with a save-the-date meeting without an opening time', () => {
    expect(stateText({ registrationState: 'not_yet_open', registrationOpensAt: null })).toBe(
      'Save the date — tilmeldingen er ikke åbnet endnu',
    );
  });

  it('speaks English too', async () => {
    await setLocale('en');
    expect(stateText({ registrationState: 'not_yet_open', registrationOpensAt: '2026-04-12T07:00:00.000Z' })).toBe(
      'Save the date — registration opens 12 April 2026 at 09:00',
    );
  });

  it('gives the reason for a cancellation', () => {
    expect(stateText({ status: 'cancelled', registrationState: 'cancelled', cancellationReason: 'Sygdom.' })).toContain(
      'Begrundelse: Sygdom.',
    );
  });
});
