import { agendaTemplateSchema } from '@bok/shared/agenda';
import { problemSchema } from '@bok/shared/errors';
import { meetingDetailSchema } from '@bok/shared/meetings';
import { describe, expect, it } from 'vitest';
import { asBrowser, bearer, createApiKey, createCoordinator, signIn } from '../../../test/auth';
import { useTestApp } from '../../../test/test-app';

const { app, database } = useTestApp();
const db = () => database().prisma;
const MINUTE = 60_000;

async function headersWith(scopes: Parameters<typeof createApiKey>[1]) {
  return bearer((await createApiKey(db(), scopes)).key);
}

const tenOClock = (daysAhead: number) => {
  const date = new Date(Date.now() + daysAhead * 86_400_000);
  date.setUTCHours(9, 0, 0, 0);
  return date;
};

async function createMeetingVia(headers: Record<string, string>, minutes: number, extra: object = {}) {
  const startsAt = tenOClock(40);
  const response = await app().inject({
    method: 'POST',
    url: '/api/v1/meetings',
    headers,
    payload: {
      title: 'Brugerinddragelse i praksis',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + minutes * MINUTE).toISOString(),
      capacity: 30,
      ...extra,
    },
  });
  expect(response.statusCode, response.body).toBe(201);
  return { meeting: meetingDetailSchema.parse(response.json()), startsAt };
}

describe('the standing agenda template', () => {
  it('starts as the network’s usual day, and a new meeting starts from it, laid on its time', async () => {
    const reader = await headersWith(['meetings:read']);
    const template = agendaTemplateSchema.parse(
      (await app().inject({ url: '/api/v1/agenda-template', headers: reader })).json(),
    );
    expect(template.items.map((item) => [item.offsetMinutes, item.durationMinutes, item.kind])).toEqual([
      [0, 15, 'welcome'],
      [15, 75, 'talk'],
      [90, 45, 'lunch'],
      [135, 90, 'sparring'],
      [225, 15, 'other'],
    ]);
    expect(template.items.map((item) => item.title)).toContain('Sparring og erfaringsudveksling');

    const { meeting, startsAt } = await createMeetingVia(await headersWith(['meetings:write']), 240);
    const at = (minutes: number) => new Date(startsAt.getTime() + minutes * MINUTE).toISOString();
    expect(meeting.agenda.map((item) => [item.position, item.startsAt, item.endsAt, item.title])).toEqual(
      template.items.map((item, index) => [
        index + 1,
        at(item.offsetMinutes),
        at(item.offsetMinutes + item.durationMinutes),
        item.title,
      ]),
    );
  });

  it('is cut to a shorter meeting, and left out when the meeting asks for an empty agenda', async () => {
    const writer = await headersWith(['meetings:write']);
    const { meeting: short, startsAt } = await createMeetingVia(writer, 120);
    // 10:00–12:00: welcome, talk, and lunch cut at noon; the sparring and wrap-up start after it.
    expect(short.agenda.map((item) => item.kind)).toEqual(['welcome', 'talk', 'lunch']);
    expect(short.agenda.at(-1)?.endsAt).toBe(new Date(startsAt.getTime() + 120 * MINUTE).toISOString());
    const { meeting: empty } = await createMeetingVia(writer, 240, { agenda: 'empty' });
    expect(empty.agenda).toEqual([]);
  });

  it('is replaced by the coordinator; later meetings start from the new one, earlier ones keep theirs', async () => {
    const coordinator = asBrowser(await signIn(app(), await createCoordinator(db())));
    const { meeting: before } = await createMeetingVia(coordinator, 240);
    const replaced = await app().inject({
      method: 'PUT',
      url: '/api/v1/agenda-template',
      headers: coordinator,
      payload: {
        items: [
          { offsetMinutes: 0, durationMinutes: 30, title: 'Velkomst og kaffe', kind: 'welcome' },
          {
            offsetMinutes: 30,
            durationMinutes: 120,
            title: 'Sparring og erfaringsudveksling',
            kind: 'sparring',
            description: 'Tag en sag med.',
          },
          { offsetMinutes: 180, durationMinutes: 30, title: 'Opsamling' },
        ],
      },
    });
    expect(replaced.statusCode, replaced.body).toBe(200);
    const template = agendaTemplateSchema.parse(replaced.json());
    expect(template.items.map((item) => [item.title, item.kind, item.description])).toEqual([
      ['Velkomst og kaffe', 'welcome', null],
      ['Sparring og erfaringsudveksling', 'sparring', 'Tag en sag med.'],
      ['Opsamling', 'other', null],
    ]);
    const { meeting: after } = await createMeetingVia(coordinator, 240);
    expect(after.agenda.map((item) => item.title)).toEqual([
      'Velkomst og kaffe',
      'Sparring og erfaringsudveksling',
      'Opsamling',
    ]);
    expect(after.agenda[1]?.description).toBe('Tag en sag med.');
    const kept = meetingDetailSchema.parse(
      (await app().inject({ url: `/api/v1/coordinator/meetings/${before.id}`, headers: coordinator })).json(),
    );
    expect(kept.agenda).toHaveLength(5);
    const audit = await db().auditLog.findFirstOrThrow({ where: { action: 'agenda_template.replaced' } });
    expect(audit.data).toEqual({ itemsBefore: 5, itemsAfter: 3 });
  });

  it('refuses overlaps and bad fields naming the item, keeps the template, and asks for the scopes', async () => {
    const writer = await headersWith(['meetings:read', 'meetings:write']);
    const before = agendaTemplateSchema.parse(
      (await app().inject({ url: '/api/v1/agenda-template', headers: writer })).json(),
    );
    const cases: Array<[object[], string]> = [
      [
        [
          { offsetMinutes: 0, durationMinutes: 60, title: 'Et' },
          { offsetMinutes: 30, durationMinutes: 30, title: 'To' },
        ],
        'items.1.offsetMinutes',
      ],
      [[{ offsetMinutes: -5, durationMinutes: 10, title: 'Før' }], 'items.0.offsetMinutes'],
      [[{ offsetMinutes: 0, durationMinutes: 0, title: 'Intet' }], 'items.0.durationMinutes'],
      [[{ offsetMinutes: 0, durationMinutes: 10, title: ' ' }], 'items.0.title'],
      [[{ offsetMinutes: 0, durationMinutes: 10, title: 'Ok', kind: 'fest' }], 'items.0.kind'],
    ];
    for (const [items, field] of cases) {
      const response = await app().inject({
        method: 'PUT',
        url: '/api/v1/agenda-template',
        headers: writer,
        payload: { items },
      });
      expect(response.statusCode, field).toBe(400);
      expect(problemSchema.parse(response.json()).errors?.[0]?.field, JSON.stringify(items)).toBe(field);
    }
    const after = agendaTemplateSchema.parse(
      (await app().inject({ url: '/api/v1/agenda-template', headers: writer })).json(),
    );
    expect(after).toEqual(before);

    expect((await app().inject({ url: '/api/v1/agenda-template' })).statusCode).toBe(401);
    const reader = await headersWith(['meetings:read']);
    const forbidden = await app().inject({
      method: 'PUT',
      url: '/api/v1/agenda-template',
      headers: reader,
      payload: { items: [] },
    });
    expect(forbidden.statusCode).toBe(403);
    expect(problemSchema.parse(forbidden.json())).toMatchObject({ requiredScope: 'meetings:write' });
  });
});
