import { problemSchema } from '@bok/shared/errors';
import { libraryListSchema } from '@bok/shared/libraries';
import { networkSchema } from '@bok/shared/network';
import { themeListSchema } from '@bok/shared/themes';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/test-app';
import { seedDemoData } from '../../db/seed';

const { database, app: testApp } = useTestApp();

describe('GET /api/v1/network', () => {
  it('is 404 problem+json before the network exists', async () => {
    const response = await testApp().inject({ url: '/api/v1/network' });
    expect(response.statusCode).toBe(404);
    expect(problemSchema.parse(response.json()).code).toBe('not_found');
  });

  it("shows the network's page: texts, themes, commitments, coordinator, upcoming meetings, followers by library", async () => {
    await seedDemoData(database().prisma);
    const response = await testApp().inject({ url: '/api/v1/network' });
    expect(response.statusCode).toBe(200);
    const network = networkSchema.parse(response.json());
    expect(network.name).toBe('BoK – Netværk for Brugeroplevet Kvalitet');
    expect(network.coordinator).toEqual({
      name: 'Isabella Gothen',
      email: 'isabellag@roskilde.dk',
      organisation: 'Roskilde Centralbibliotek',
    });
    expect(network.themes.map((theme) => theme.title)).toEqual([
      'Kvalitative brugerundersøgelsesmetoder',
      'Design thinking metoder',
      'Lokale brugerundersøgelser',
      'BibDok og dine lokale indsatser',
      'Kvantitative brugerundersøgelsesmetoder',
      'Facilitering af brugere',
    ]);
    expect(network.commitments).toHaveLength(4);
    expect(network.meetingFormat).toContain('Sparring og erfaringsudveksling er et fast punkt');
    expect(network.upcomingMeetings.map((meeting) => meeting.status)).toEqual(['open', 'announced']);
    expect(network.followers.total).toBe(39);
    expect(network.followers.byLibrary[0]).toMatchObject({ libraryName: 'Roskilde Bibliotekerne', count: 12 });
    // Followers are counts only: no names or addresses leave the server.
    expect(JSON.stringify(network.followers)).not.toContain('@');
  });
});

describe('GET /api/v1/themes and /api/v1/libraries', () => {
  it('lists the active themes with how many public meetings each had', async () => {
    const themes = themeListSchema.parse((await testApp().inject({ url: '/api/v1/themes' })).json());
    expect(themes.items).toHaveLength(6);
    const design = themes.items.find((theme) => theme.slug === 'design-thinking-metoder');
    expect(design?.meetingCount).toBe(1);
  });

  it('lists the libraries in Danish alphabetical order', async () => {
    const libraries = libraryListSchema.parse((await testApp().inject({ url: '/api/v1/libraries' })).json());
    const names = libraries.items.map((library) => library.name);
    expect(names).toContain('Næstved Bibliotek Og Borgerservice');
    expect(names).toEqual([...names].sort(new Intl.Collator('da').compare));
    // Danish order puts Æ, Ø, Å after Z; Køge sorts among the K's.
    expect(names.indexOf('Køge Bibliotekerne')).toBeLessThan(names.indexOf('Næstved Bibliotek'));
  });
});
