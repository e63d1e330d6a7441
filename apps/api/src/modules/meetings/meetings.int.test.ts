import { problemSchema } from '@bok/shared/errors';
import { meetingDetailSchema, meetingPageSchema } from '@bok/shared/meetings';
import { describe, expect, it } from 'vitest';
import { createLibrary, createMeeting, createTheme } from '../../../test/factories';
import { useTestApp } from '../../../test/test-app';

const DAY = 24 * 60 * 60 * 1000;
const { database, app: testApp } = useTestApp();

describe('GET /api/v1/meetings', () => {
  it('lists upcoming meetings first (soonest first), then past ones (latest first), without drafts', async () => {
    const db = database().prisma;
    const at = (days: number) => new Date(Date.now() + days * DAY);
    const later = await createMeeting(db, { title: 'Later', startsAt: at(60), endsAt: at(60.2) });
    const soon = await createMeeting(db, { title: 'Soon', startsAt: at(10), endsAt: at(10.2), status: 'announced' });
    const past = await createMeeting(db, {
      title: 'Past',
      startsAt: at(-100),
      endsAt: at(-99.8),
      status: 'held',
      registrationOpensAt: at(-130),
      registrationClosesAt: at(-101),
    });
    const older = await createMeeting(db, {
      title: 'Older',
      startsAt: at(-400),
      endsAt: at(-399.8),
      status: 'held',
      registrationOpensAt: at(-430),
      registrationClosesAt: at(-401),
    });
    await createMeeting(db, { title: 'Draft', status: 'draft' });

    const response = await testApp().inject({ method: 'GET', url: '/api/v1/meetings' });
    expect(response.statusCode).toBe(200);
    const page = meetingPageSchema.parse(response.json());
    expect(page.items.map((item) => item.id)).toEqual([soon.id, later.id, past.id, older.id]);
    expect(page.total).toBe(4);

    const second = meetingPageSchema.parse(
      (await testApp().inject({ method: 'GET', url: '/api/v1/meetings?page=2&pageSize=3' })).json(),
    );
    expect(second.items.map((item) => item.id)).toEqual([older.id]);
  });

  it('filters by status, theme and time window', async () => {
    const db = database().prisma;
    const theme = await createTheme(db);
    const themed = await createMeeting(
      db,
      { startsAt: new Date(Date.now() + 200 * DAY), endsAt: new Date(Date.now() + 200.1 * DAY) },
      { themeIds: [theme.id] },
    );
    const byTheme = meetingPageSchema.parse(
      (await testApp().inject({ url: `/api/v1/meetings?theme=${theme.slug}` })).json(),
    );
    expect(byTheme.items.map((item) => item.id)).toEqual([themed.id]);
    expect(byTheme.items[0]!.themes).toEqual([{ id: theme.id, slug: theme.slug, title: theme.title }]);

    const held = meetingPageSchema.parse((await testApp().inject({ url: '/api/v1/meetings?status=held' })).json());
    expect(held.items.every((item) => item.status === 'held')).toBe(true);

    const from = new Date(Date.now() + 150 * DAY).toISOString();
    const window = meetingPageSchema.parse(
      (await testApp().inject({ url: `/api/v1/meetings?from=${encodeURIComponent(from)}` })).json(),
    );
    expect(window.items.map((item) => item.id)).toEqual([themed.id]);
  });

  it('answers bad filters with problem+json naming the field', async () => {
    const response = await testApp().inject({ url: '/api/v1/meetings?status=draft&pageSize=1000' });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const body = problemSchema.parse(response.json());
    expect(body.code).toBe('validation_failed');
    expect(body.errors?.map((error) => error.field).sort()).toEqual(['query.pageSize', 'query.status']);
  });
});

describe('a NUL byte in an id, slug or filter', () => {
  // PostgreSQL refuses 0x00 in text: it must be refused as bad input before it gets there.
  it('is a 400 problem+json naming the field, on every route that looks a meeting or theme up', async () => {
    const cases: Array<[string, string, string]> = [
      ['GET', '/api/v1/meetings/%00', 'params.id'],
      ['GET', '/api/v1/meetings/design%00thinking', 'params.id'],
      ['GET', '/api/v1/meetings/moede%00/calendar.ics', 'params.id'],
      ['POST', '/api/v1/meetings/moede%00/registrations', 'params.id'],
      ['GET', '/api/v1/meetings?theme=tema%00', 'query.theme'],
    ];
    for (const [method, url, field] of cases) {
      const response = await testApp().inject({
        method: method as 'GET' | 'POST',
        url,
        ...(method === 'POST'
          ? { payload: { name: 'Mette', email: 'nul@test.example', libraryName: 'Køge', consent: true } }
          : {}),
      });
      expect(response.statusCode, url).toBe(400);
      expect(response.headers['content-type'], url).toContain('application/problem+json');
      const body = problemSchema.parse(response.json());
      expect(body.code, url).toBe('validation_failed');
      expect(body.errors, url).toEqual([expect.objectContaining({ field, message: 'control_characters' })]);
    }
  });
});

describe('GET /api/v1/meetings/{id}', () => {
  it('returns the meeting with agenda, venue, themes and seats, by id or slug', async () => {
    const db = database().prisma;
    const library = await createLibrary(db, {
      street: 'Dronning Margrethes Vej 14',
      postalCode: '4000',
      city: 'Roskilde',
    });
    const start = new Date(Date.now() + 20 * DAY);
    const meeting = await createMeeting(
      db,
      {
        venueLibraryId: library.id,
        venueRoom: 'Salen',
        capacity: 2,
        startsAt: start,
        endsAt: new Date(start.getTime() + 4 * 3600_000),
      },
      {
        agenda: [
          {
            position: 2,
            title: 'Sparring og erfaringsudveksling',
            kind: 'sparring',
            startsAt: new Date(start.getTime() + 3600_000),
            endsAt: new Date(start.getTime() + 7200_000),
          },
          {
            position: 1,
            title: 'Velkomst',
            kind: 'welcome',
            speakerName: 'Mette Tew',
            speakerOrganisation: 'Køge Bibliotekerne',
            startsAt: start,
            endsAt: new Date(start.getTime() + 3600_000),
          },
        ],
      },
    );
    await db.registration.createMany({
      data: [
        {
          meetingId: meeting.id,
          name: 'A',
          email: 'a@x.dk',
          emailNormalized: 'a@x.dk',
          status: 'confirmed',
          manageTokenHash: 'h1',
          consentAt: new Date(),
        },
        {
          meetingId: meeting.id,
          name: 'B',
          email: 'b@x.dk',
          emailNormalized: 'b@x.dk',
          status: 'waitlisted',
          waitlistPosition: 1,
          manageTokenHash: 'h2',
          consentAt: new Date(),
        },
        {
          meetingId: meeting.id,
          name: 'C',
          email: 'c@x.dk',
          emailNormalized: 'c@x.dk',
          status: 'cancelled',
          manageTokenHash: 'h3',
          consentAt: new Date(),
        },
      ],
    });

    for (const key of [meeting.id, meeting.slug]) {
      const response = await testApp().inject({ url: `/api/v1/meetings/${key}` });
      expect(response.statusCode).toBe(200);
      const body = meetingDetailSchema.parse(response.json());
      expect(body.agenda.map((item) => item.title)).toEqual(['Velkomst', 'Sparring og erfaringsudveksling']);
      expect(body.agenda[0]).toMatchObject({ speakerName: 'Mette Tew', speakerOrganisation: 'Køge Bibliotekerne' });
      expect(body.venue).toMatchObject({
        room: 'Salen',
        library: { street: 'Dronning Margrethes Vej 14', city: 'Roskilde' },
      });
      expect(body.seats).toEqual({ capacity: 2, confirmed: 1, waitlisted: 1, available: 1 });
      expect(body.registrationState).toBe('open');
    }
  });

  it('hides drafts and unknown meetings behind 404 problem+json', async () => {
    const draft = await createMeeting(database().prisma, { status: 'draft' });
    for (const key of [draft.id, 'no-such-meeting', '00000000-0000-4000-8000-000000000000']) {
      const response = await testApp().inject({ url: `/api/v1/meetings/${key}` });
      expect(response.statusCode).toBe(404);
      expect(problemSchema.parse(response.json()).code).toBe('not_found');
    }
  });
});
