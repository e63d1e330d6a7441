import { randomBytes } from 'node:crypto';
import type { Database } from '../src/db/prisma';
import type { Prisma } from '../src/generated/prisma/client';

const unique = () => randomBytes(4).toString('hex');
const DAY = 24 * 60 * 60 * 1000;

/** Unique e-mails, so tests can run in parallel without meeting each other's data. */
export function uniqueEmail(name = 'deltager'): string {
  return `${name}-${unique()}@test.example`;
}

export async function createLibrary(db: Database, overrides: Partial<Prisma.LibraryUncheckedCreateInput> = {}) {
  const suffix = unique();
  return db.library.create({
    data: { slug: `bibliotek-${suffix}`, name: `Testbibliotek ${suffix}`, municipality: 'Roskilde', ...overrides },
  });
}

export async function createTheme(db: Database, overrides: Partial<Prisma.ThemeUncheckedCreateInput> = {}) {
  const suffix = unique();
  return db.theme.create({ data: { slug: `tema-${suffix}`, title: `Tema ${suffix}`, ...overrides } });
}

/** An open meeting a month ahead, registration open now, unless overridden. */
export async function createMeeting(
  db: Database,
  overrides: Partial<Prisma.MeetingUncheckedCreateInput> = {},
  options: { themeIds?: string[]; agenda?: Array<Omit<Prisma.AgendaItemUncheckedCreateInput, 'meetingId'>> } = {},
) {
  const startsAt = new Date(Date.now() + 30 * DAY);
  const meeting = await db.meeting.create({
    data: {
      slug: `moede-${unique()}`,
      title: 'Testmøde',
      status: 'open',
      startsAt,
      endsAt: new Date(startsAt.getTime() + 4 * 60 * 60 * 1000),
      capacity: 40,
      registrationOpensAt: new Date(Date.now() - DAY),
      registrationClosesAt: new Date(startsAt.getTime() - DAY),
      ...overrides,
    },
  });
  if (options.themeIds?.length) {
    await db.meetingTheme.createMany({ data: options.themeIds.map((themeId) => ({ meetingId: meeting.id, themeId })) });
  }
  if (options.agenda?.length) {
    await db.agendaItem.createMany({ data: options.agenda.map((item) => ({ ...item, meetingId: meeting.id })) });
  }
  return meeting;
}

/** A registration written straight to the table (no rules run), confirmed unless overridden. */
export async function createRegistration(
  db: Database,
  meetingId: string,
  overrides: Partial<Prisma.RegistrationUncheckedCreateInput> = {},
) {
  const email = overrides.email ?? uniqueEmail();
  return db.registration.create({
    data: {
      meetingId,
      name: 'Test Deltager',
      email,
      emailNormalized: email.trim().toLowerCase(),
      status: 'confirmed',
      manageTokenHash: randomBytes(32).toString('hex'),
      consentAt: new Date(),
      ...overrides,
    },
  });
}
