import { copenhagenDate } from '@bok/shared/time';
import { isDanishWorkingDay } from '@bok/shared/working-days';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/test-database';
import { seedDemoData } from './seed';

const database = useTestDatabase();

describe('seedDemoData', () => {
  it('seeds the real network content, then never again unless forced, and a forced run changes nothing', async () => {
    const { prisma } = database();
    const now = new Date('2026-11-29T10:00:00Z');
    expect(await seedDemoData(prisma, { now })).toEqual({ seeded: true });

    const counts = async () => ({
      networks: await prisma.network.count(),
      themes: await prisma.theme.count(),
      libraries: await prisma.library.count(),
      members: await prisma.member.count(),
      meetings: await prisma.meeting.count(),
      agendaItems: await prisma.agendaItem.count(),
    });
    const first = await counts();
    expect(first).toMatchObject({ networks: 1, themes: 6, meetings: 4, members: 39 });

    expect(await seedDemoData(prisma, { now })).toEqual({ seeded: false, reason: 'database has data' });
    expect(await seedDemoData(prisma, { now, force: true })).toEqual({ seeded: true });
    expect(await counts()).toEqual(first);
  });

  it('keeps the history as it happened: Lytteposter in Roskilde, Segmentering in Næstved with Mette Tew', async () => {
    const { prisma } = database();
    const lytteposter = await prisma.meeting.findUniqueOrThrow({
      where: { slug: '2016-12-15-lytteposter' },
      include: { venueLibrary: true },
    });
    expect(lytteposter.status).toBe('held');
    expect(lytteposter.venueLibrary?.name).toBe('Roskilde Bibliotek');
    // 10:00 in Copenhagen in winter is 09:00 UTC.
    expect(lytteposter.startsAt.toISOString()).toBe('2016-12-15T09:00:00.000Z');

    const segmentering = await prisma.meeting.findUniqueOrThrow({
      where: { slug: '2017-03-24-segmentering' },
      include: { venueLibrary: true, agendaItems: true },
    });
    expect(segmentering.venueLibrary?.name).toBe('Næstved Bibliotek');
    expect(segmentering.agendaItems.find((item) => item.speakerName === 'Mette Tew')?.speakerOrganisation).toBe(
      'Køge Bibliotekerne',
    );
    expect(segmentering.agendaItems.some((item) => item.title === 'Sparring og erfaringsudveksling')).toBe(true);
  });

  it('dates the demo meetings from the seeding day: one open for registration, one save the date', async () => {
    const { prisma } = database();
    const upcoming = await prisma.meeting.findMany({
      where: { startsAt: { gt: new Date('2026-11-29T10:00:00Z') } },
      orderBy: { startsAt: 'asc' },
    });
    expect(upcoming.map((meeting) => meeting.status)).toEqual(['open', 'announced']);
    const [open, announced] = upcoming;
    expect(open!.registrationClosesAt!.getTime()).toBeLessThan(open!.startsAt.getTime());
    expect(announced!.registrationOpensAt!.getTime()).toBeGreaterThan(Date.parse('2026-11-29T10:00:00Z'));
  });

  it('puts the demo meetings on working days, whatever day it is seeded', async () => {
    const { prisma } = database();
    // A week of seeding days, from the Wednesday whose +38 and +122 days are Saturdays.
    for (let day = 0; day < 7; day += 1) {
      const now = new Date(Date.UTC(2026, 11, 2 + day, 10));
      await seedDemoData(prisma, { now, force: true });
      const upcoming = await prisma.meeting.findMany({ where: { startsAt: { gt: now } }, select: { startsAt: true } });
      expect(upcoming).toHaveLength(2);
      for (const { startsAt } of upcoming) {
        expect(
          isDanishWorkingDay(copenhagenDate(startsAt)),
          `${startsAt.toISOString()} seeded ${now.toISOString()}`,
        ).toBe(true);
      }
    }
  });
});
