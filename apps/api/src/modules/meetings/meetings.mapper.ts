import type { AgendaItem } from '@bok/shared/agenda';
import type { Library } from '@bok/shared/libraries';
import { type MeetingDetail, type MeetingSummary, registrationStateOf, type Seats } from '@bok/shared/meetings';
import type { LibraryRow } from '../libraries/libraries.repository';
import type { MeetingWithAgenda, MeetingWithVenue, SeatCounts } from './meetings.repository';

// Database rows never reach the client: these map them onto the shared schemas.

export function toLibrary(row: LibraryRow): Library {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    municipality: row.municipality,
    street: row.street,
    postalCode: row.postalCode,
    city: row.city,
    isMember: row.isMember,
  };
}

export function toSeats(capacity: number, counts: SeatCounts): Seats {
  return {
    capacity,
    confirmed: counts.confirmed,
    waitlisted: counts.waitlisted,
    available: Math.max(0, capacity - counts.confirmed),
  };
}

export function toMeetingSummary(row: MeetingWithVenue, counts: SeatCounts, now: Date): MeetingSummary {
  const seats = toSeats(row.capacity, counts);
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    summary: row.summary,
    status: row.status,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    venue: {
      library: row.venueLibrary ? toLibrary(row.venueLibrary) : null,
      room: row.venueRoom,
      note: row.venueNote,
    },
    themes: row.themes.map(({ theme }) => ({ id: theme.id, slug: theme.slug, title: theme.title })),
    waitlistEnabled: row.waitlistEnabled,
    registrationOpensAt: row.registrationOpensAt?.toISOString() ?? null,
    registrationClosesAt: row.registrationClosesAt?.toISOString() ?? null,
    registrationState: registrationStateOf(row, seats, now),
    cancellationReason: row.cancellationReason,
    seats,
  };
}

export function toMeetingDetail(row: MeetingWithAgenda, counts: SeatCounts, now: Date): MeetingDetail {
  return {
    ...toMeetingSummary(row, counts, now),
    description: row.description,
    registrationRules: {
      confirmationRequired: row.confirmationRequired,
      holdMinutes: row.holdMinutes,
      seatsPerLibrary: row.seatsPerLibrary,
    },
    sequence: row.sequence,
    updatedAt: row.updatedAt.toISOString(),
    agenda: row.agendaItems.map(
      (item): AgendaItem => ({
        id: item.id,
        position: item.position,
        startsAt: item.startsAt.toISOString(),
        endsAt: item.endsAt.toISOString(),
        title: item.title,
        kind: item.kind,
        speakerName: item.speakerName,
        speakerOrganisation: item.speakerOrganisation,
        description: item.description,
      }),
    ),
    questions: row.questions.map((question) => ({
      id: question.id,
      label: question.label,
      kind: question.kind,
      required: question.required,
      options: question.options,
    })),
  };
}
