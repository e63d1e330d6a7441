import type { AgendaItem } from '@bok/shared/agenda';
import { type MailboxEmail, type MailboxMessage, mailboxEmailSchema, mailboxMessageSchema } from '@bok/shared/emails';
import { type Problem, problemSchema } from '@bok/shared/errors';
import { type Library, librarySchema } from '@bok/shared/libraries';
import {
  type MeetingDetail,
  type MeetingPage,
  type MeetingSummary,
  meetingDetailSchema,
  meetingPageSchema,
  meetingSummarySchema,
} from '@bok/shared/meetings';
import { type Network, networkSchema } from '@bok/shared/network';
import { type Registration, registrationSchema } from '@bok/shared/registrations';

// Fixtures go through the shared schemas, so a test can never feed the UI a shape the API cannot send.

let counter = 0;
/** A fresh, valid UUID per call, so lists never share keys. */
export function uuid(): string {
  counter += 1;
  return `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`;
}

export function buildLibrary(overrides: Partial<Library> = {}): Library {
  return librarySchema.parse({
    id: uuid(),
    slug: 'koege-bibliotekerne',
    name: 'Køge Bibliotekerne',
    municipality: 'Køge',
    street: 'Kirkestræde 18',
    postalCode: '4600',
    city: 'Køge',
    isMember: true,
    ...overrides,
  });
}

export function buildAgendaItem(overrides: Partial<AgendaItem> = {}): AgendaItem {
  return {
    id: uuid(),
    position: 1,
    startsAt: '2026-06-11T08:00:00.000Z',
    endsAt: '2026-06-11T08:15:00.000Z',
    title: 'Velkomst og kaffe',
    kind: 'welcome',
    speakerName: null,
    speakerOrganisation: null,
    description: null,
    ...overrides,
  };
}

export function buildMeetingSummary(overrides: Partial<MeetingSummary> = {}): MeetingSummary {
  return meetingSummarySchema.parse({
    id: uuid(),
    slug: 'design-thinking-i-praksis',
    title: 'Design thinking i praksis',
    summary: 'Fra brugerindsigt til prototype på en formiddag – og hjem at teste det.',
    status: 'open',
    // 10:00–14:00 Copenhagen summer time.
    startsAt: '2026-06-11T08:00:00.000Z',
    endsAt: '2026-06-11T12:00:00.000Z',
    venue: { library: buildLibrary(), room: 'Salen, 1. sal', note: null },
    themes: [{ id: uuid(), slug: 'design-thinking-metoder', title: 'Design thinking metoder' }],
    waitlistEnabled: true,
    registrationOpensAt: null,
    registrationClosesAt: '2026-06-06T21:59:00.000Z',
    registrationState: 'open',
    cancellationReason: null,
    seats: { capacity: 30, confirmed: 18, waitlisted: 0, available: 12 },
    ...overrides,
  });
}

export function buildMeetingDetail(overrides: Partial<MeetingDetail> = {}): MeetingDetail {
  const summary = buildMeetingSummary();
  return meetingDetailSchema.parse({
    ...summary,
    description:
      'Vi arbejder hands-on med design thinking.\n\nDu får en lille prototype med hjem, som du kan teste på dit eget bibliotek.',
    questions: [],
    agenda: [
      buildAgendaItem(),
      buildAgendaItem({
        position: 2,
        startsAt: '2026-06-11T08:15:00.000Z',
        endsAt: '2026-06-11T09:00:00.000Z',
        title: 'Design thinking: metoden kort fortalt',
        kind: 'talk',
        speakerName: 'Isabella Gothen',
        speakerOrganisation: 'Roskilde Centralbibliotek',
      }),
      buildAgendaItem({
        position: 3,
        startsAt: '2026-06-11T10:00:00.000Z',
        endsAt: '2026-06-11T10:45:00.000Z',
        title: 'Frokost',
        kind: 'lunch',
      }),
    ],
    registrationRules: { confirmationRequired: false, holdMinutes: 60, seatsPerLibrary: null },
    sequence: 0,
    updatedAt: '2026-01-05T10:00:00.000Z',
    ...overrides,
  });
}

export function buildMeetingPage(items: MeetingSummary[], overrides: Partial<MeetingPage> = {}): MeetingPage {
  return meetingPageSchema.parse({ items, page: 1, pageSize: 10, total: items.length, ...overrides });
}

export function buildNetwork(overrides: Partial<Network> = {}): Network {
  return networkSchema.parse({
    slug: 'bok',
    name: 'BoK – Netværk for Brugeroplevet Kvalitet',
    shortName: 'BoK',
    tagline: 'Hvad synes brugerne er kvalitet?',
    intro: 'Hvad synes brugerne er kvalitet? Det kan du blive klogere på i BoK.',
    about: 'I netværket vil vi sammen opbygge kompetencer.\n\nNetværket skal styrke deltagernes viden.',
    purpose: 'Netværkets opgave er i fællesskab at opbygge viden og kompetencer.',
    targetGroup: 'Målgruppen for netværket er biblioteksansatte i regionen.',
    commitmentsIntro: 'Det betyder, at deltagerne forpligter sig til at være aktive. Det kunne være:',
    commitments: ['At komme med forslag til temaer', 'At være aktive i at danne relationer i netværket'],
    meetingFormat: 'BoK er et åbent netværk som mødes 2-4 gange årligt.',
    venuePolicy: 'Møderne afholdes primært på et af regionens biblioteker.',
    callToAction: 'Kom og vær med – og husk arbejdstøjet!',
    coordinator: { name: 'Isabella Gothen', email: 'isabellag@roskilde.dk', organisation: 'Roskilde Centralbibliotek' },
    themes: [
      {
        id: uuid(),
        slug: 'design-thinking-metoder',
        title: 'Design thinking metoder',
        description: null,
        status: 'active',
        meetingCount: 1,
      },
      {
        id: uuid(),
        slug: 'facilitering-af-brugere',
        title: 'Facilitering af brugere',
        description: 'Hvordan vi inviterer brugerne ind.',
        status: 'active',
        meetingCount: 0,
      },
    ],
    upcomingMeetings: [buildMeetingSummary()],
    followers: {
      total: 14,
      byLibrary: [
        { libraryId: uuid(), libraryName: 'Roskilde Bibliotekerne', count: 12 },
        { libraryId: null, libraryName: 'Greve Bibliotek', count: 2 },
      ],
    },
    ...overrides,
  });
}

export function buildProblem(overrides: Partial<Problem> = {}): Problem {
  return problemSchema.parse({
    type: 'about:blank',
    title: 'Not Found',
    status: 404,
    code: 'not_found',
    detail: 'Mødet findes ikke.',
    ...overrides,
  });
}

export function buildRegistration(overrides: Partial<Registration> = {}): Registration {
  return registrationSchema.parse({
    id: uuid(),
    meetingId: uuid(),
    status: 'confirmed',
    waitlistPosition: null,
    name: 'Mette Tew',
    email: 'mette@koege.dk',
    libraryId: null,
    libraryName: 'Biblioteket i Ishøj',
    jobTitle: 'Bibliotekar',
    dietaryNeeds: null,
    accessibilityNeeds: 'Teleslynge',
    comment: null,
    answers: {},
    locale: 'da',
    createdAt: '2026-04-20T08:30:00.000Z',
    updatedAt: '2026-04-20T08:30:00.000Z',
    cancelledAt: null,
    holdExpiresAt: null,
    emailConfirmedAt: null,
    ...overrides,
  });
}

export function buildMailboxEmail(overrides: Partial<MailboxEmail> = {}): MailboxEmail {
  return mailboxEmailSchema.parse({
    id: uuid(),
    kind: 'registration_confirmed',
    to: 'mette@koege.dk',
    toName: 'Mette Tew',
    locale: 'da',
    subject: 'Du er tilmeldt: Design thinking i praksis',
    status: 'pending',
    createdAt: '2026-04-20T08:30:00.000Z',
    sentAt: null,
    hasCalendar: true,
    ...overrides,
  });
}

export function buildMailboxMessage(overrides: Partial<MailboxMessage> = {}): MailboxMessage {
  const email = buildMailboxEmail();
  const registrationId = uuid();
  return mailboxMessageSchema.parse({
    ...email,
    text: `Kære Mette Tew\n\nTak for din tilmelding.\n\nSe, ret eller afmeld din tilmelding: http://localhost:3000/tilmelding/${registrationId}#token=abc123.\n\nMødets side: http://localhost:3000/moeder/design-thinking-i-praksis`,
    html: '<p>Kære Mette Tew</p><p>Tak for din tilmelding.</p>',
    ics: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n',
    registrationId,
    meetingId: uuid(),
    attempts: 0,
    lastError: null,
    ...overrides,
  });
}
