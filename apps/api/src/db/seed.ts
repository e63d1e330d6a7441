import { normalizeEmail } from '@bok/shared/members';
import { addCopenhagenDays, copenhagenInstant } from '@bok/shared/time';
import { workingDayOnOrAfter } from '@bok/shared/working-days';
import * as demo from '../../../../prisma/seed/bok-network';
import type { Database } from './prisma';

export interface SeedOptions {
  /** Seed even when the database already has data (upserts: running it twice changes nothing). */
  force?: boolean;
  now?: Date;
}

export interface SeedResult {
  seeded: boolean;
  reason?: string;
}

/** Seeds the BoK network's real content plus upcoming demo meetings dated from `now`. */
export async function seedDemoData(prisma: Database, options: SeedOptions = {}): Promise<SeedResult> {
  const now = options.now ?? new Date();
  if (!options.force) {
    const [networks, meetings, libraries] = await Promise.all([
      prisma.network.count(),
      prisma.meeting.count(),
      prisma.library.count(),
    ]);
    if (networks + meetings + libraries > 0) return { seeded: false, reason: 'database has data' };
  }

  await prisma.$transaction(
    async (tx) => {
      await tx.network.upsert({ where: { slug: demo.network.slug }, create: demo.network, update: demo.network });

      for (const [index, theme] of demo.themes.entries()) {
        const data = { ...theme, status: 'active' as const, sortOrder: index };
        await tx.theme.upsert({ where: { slug: theme.slug }, create: data, update: data });
      }

      const libraryIds = new Map<string, string>();
      for (const library of demo.libraries) {
        const row = await tx.library.upsert({ where: { slug: library.slug }, create: library, update: library });
        libraryIds.set(library.slug, row.id);
        libraryIds.set(library.name, row.id);
      }

      // Followers are anonymous on the public page; the demo gives each a placeholder identity.
      for (const [index, libraryName] of demo.followerLibraries.entries()) {
        const number = String(index + 1).padStart(2, '0');
        const email = `foelger-${number}@bok.example`;
        const data = {
          name: `Følger ${number}`,
          email,
          emailNormalized: normalizeEmail(email),
          libraryId: libraryIds.get(libraryName) ?? null,
          followsNetwork: true,
          followedAt: now,
        };
        await tx.member.upsert({ where: { emailNormalized: data.emailNormalized }, create: data, update: data });
      }

      const themeIds = new Map(
        (await tx.theme.findMany({ select: { id: true, slug: true } })).map((t) => [t.slug, t.id]),
      );
      for (const meeting of demo.meetings) {
        // Demo meetings are dated from today, moved to a working day: staff meet on weekdays.
        const date =
          typeof meeting.date === 'string'
            ? meeting.date
            : workingDayOnOrAfter(addCopenhagenDays(now, meeting.date.daysFromToday));
        const startsAt = copenhagenInstant(date, meeting.from);
        const dayOffset = (days: number) => copenhagenInstant(addCopenhagenDays(startsAt, -days), '09:00');
        const data = {
          title: meeting.title,
          summary: meeting.summary,
          description: meeting.description,
          status: meeting.status,
          startsAt,
          endsAt: copenhagenInstant(date, meeting.to),
          venueLibraryId: libraryIds.get(meeting.venueLibrarySlug) ?? null,
          venueRoom: meeting.venueRoom ?? null,
          capacity: meeting.capacity,
          registrationOpensAt:
            meeting.registrationOpensDaysBefore === undefined ? null : dayOffset(meeting.registrationOpensDaysBefore),
          registrationClosesAt: copenhagenInstant(
            addCopenhagenDays(startsAt, -meeting.registrationClosesDaysBefore),
            '23:59',
          ),
        };
        const row = await tx.meeting.upsert({
          where: { slug: meeting.slug },
          create: { slug: meeting.slug, ...data },
          update: data,
        });
        await tx.meetingTheme.deleteMany({ where: { meetingId: row.id } });
        await tx.meetingTheme.createMany({
          data: meeting.themeSlugs.map((slug) => ({ meetingId: row.id, themeId: themeIds.get(slug)! })),
        });
        await tx.agendaItem.deleteMany({ where: { meetingId: row.id } });
        await tx.agendaItem.createMany({
          data: meeting.agenda.map((item, position) => ({
            meetingId: row.id,
            position: position + 1,
            startsAt: copenhagenInstant(date, item.from),
            endsAt: copenhagenInstant(date, item.to),
            title: item.title,
            kind: item.kind,
            speakerName: item.speakerName ?? null,
            speakerOrganisation: item.speakerOrganisation ?? null,
            description: item.description ?? null,
          })),
        });
      }
    },
    { timeout: 60_000 },
  );
  return { seeded: true };
}
