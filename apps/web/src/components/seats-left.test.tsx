import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { SeatsLeft } from './seats-left';

const seats = { capacity: 30, confirmed: 18, waitlisted: 0, available: 12 };

describe('SeatsLeft', () => {
  it('counts the seats left', () => {
    render(<SeatsLeft seats={seats} registrationState="open" />);
    expect(screen.getByTestId('seats').textContent).toBe('12 ledige pladser af 30');
  });

  it('uses the singular for one seat', () => {
    render(<SeatsLeft seats={{ ...seats, confirmed: 29, available: 1 }} registrationState="open" />);
    expect(screen.getByTestId('seats').textContent).toBe('1 ledig plads af 30');
  });

  it('says when every seat is taken, and how many wait', () => {
    render(<SeatsLeft seats={{ ...seats, confirmed: 30, available: 0, waitlisted: 3 }} registrationState="waitlist" />);
    expect(screen.getByTestId('seats').textContent).toBe('Alle 30 pladser er optaget3 på ventelisten');
  });

  it('shows only the capacity before registration opens', () => {
    render(<SeatsLeft seats={{ ...seats, confirmed: 0, available: 30 }} registrationState="not_yet_open" />);
    expect(screen.getByTestId('seats').textContent).toBe('30 pladser');
  });

  it('shows nothing for a cancelled or closed meeting', () => {
    const { container, rerender } = render(<SeatsLeft seats={seats} registrationState="cancelled" />);
    expect(container.textContent).toBe('');
    rerender(<SeatsLeft seats={seats} registrationState="closed" />);
    expect(container.textContent).toBe('');
  });
});
