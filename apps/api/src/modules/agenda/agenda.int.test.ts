import { problemSchema } from '@bok/shared/errors';
import { meetingDetailSchema } from '@bok/shared/meetings';
import { describe, expect, it } from 'vitest';
import { bearer, createApiKey } from '../../../test/auth';
import { createMeeting } from '../../../test/factories';
import { useTestApp } from '../../../test/test-app';

const { app, database } = useTestApp();
const db = () => database().prisma;
const MINUTE = 60_000;

/** A meeting 09:00–13:00 (UTC) a month ahead, and items at minutes from its start. */
async function meetingWithTimes(overrides: Parameters<typeof createMeeting>[1] = {}) {
  const startsAt = new Date(Date.now() + 30 * 86_400_000);
  startsAt.setUTCHours(9, 0, 0, 0);
  const meeting = await createMeeting(db(), {
    startsAt,
    endsAt: new Date(startsAt.getTime() + 240 * MINUTE),
    ...overrides,
  });
  const at = (minutes: number) => new Date(startsAt.getTime() + minutes * MINUTE).toISOString();
  return { meeting, at };
}

async function put(
  meetingId: string,
  items: object[],
  scopes: Parameters<typeof createApiKey>[1] = ['meetings:write'],
) {
  const key = await createApiKey(db(), scopes);
  return app().inject({
    method: 'PUT',
    url: `/api/v1/meetings/${meetingId}/agenda`,
    headers: bearer(key.key),
    payload: { items },
  });
}

describe('PUT /api/v1/meetings/{id}/agenda', () => {
  it('replaces the agenda in the order given, shown on the public page at once', async () => {
    const { meeting, at } = await meetingWithTimes();
    await put(meeting.id, [{ startsAt: at(0), endsAt: at(30), title: 'Gammelt punkt' }]);
    const response = await put(meeting.id, [
      { startsAt: at(0), endsAt: at(15), title: 'Velkomst', kind: 'welcome' },
      {
        startsAt: at(15),
        endsAt: at(90),
        title: 'Oplæg',
        kind: 'talk',
        speakerName: 'Mette Tew',
        speakerOrganisation: 'Køge Bibliotekerne',
      },
      {
        startsAt: at(90),
        endsAt: at(150),
        title: 'Sparring og erfaringsudveksling',
        kind: 'sparring',
        description: '',
      },
    ]);
    expect(response.statusCode).toBe(200);
    const agenda = meetingDetailSchema.parse(response.json()).agenda;
    expect(agenda.map((item) => [item.position, item.title, item.kind])).toEqual([
      [1, 'Velkomst', 'welcome'],
      [2, 'Oplæg', 'talk'],
      [3, 'Sparring og erfaringsudveksling', 'sparring'],
    ]);
    expect(agenda[1]).toMatchObject({ speakerName: 'Mette Tew', speakerOrganisation: 'Køge Bibliotekerne' });
    expect(agenda[2]?.description).toBeNull();
    const page = meetingDetailSchema.parse((await app().inject({ url: `/api/v1/meetings/${meeting.slug}` })).json());
    expect(page.agenda.map((item) => item.title)).toEqual(['Velkomst', 'Oplæg', 'Sparring og erfaringsudveksling']);
    const audit = await db().auditLog.findFirstOrThrow({
      where: { entityId: meeting.id, action: 'meeting.agenda_replaced' },
      orderBy: { at: 'desc' },
    });
    expect(audit.data).toEqual({ itemsBefore: 1, itemsAfter: 3 });
  });

  it('names the item whose times are wrong: backwards, overlapping, outside the meeting; and keeps the agenda', async () => {
    const { meeting, at } = await meetingWithTimes();
    await put(meeting.id, [{ startsAt: at(0), endsAt: at(30), title: 'Velkomst' }]);
    const cases: Array<[object[], string, string]> = [
      [[{ startsAt: at(30), endsAt: at(10), title: 'Baglæns' }], 'items.0.endsAt', 'ends_before_starts'],
      [
        [
          { startsAt: at(0), endsAt: at(60), title: 'Et' },
          { startsAt: at(45), endsAt: at(90), title: 'To' },
        ],
        'items.1.startsAt',
        'overlaps',
      ],
      [[{ startsAt: at(200), endsAt: at(300), title: 'For sent' }], 'items.0.startsAt', 'outside_meeting'],
      [[{ startsAt: at(0), endsAt: at(10), title: '' }], 'items.0.title', 'too_small'],
      [[{ startsAt: at(0), endsAt: at(10), title: 'Ok', colour: 'rød' }], 'items.0', 'unrecognized_keys'],
    ];
    for (const [items, field, code] of cases) {
      const response = await put(meeting.id, items);
      expect(response.statusCode, field).toBe(400);
      const [error] = problemSchema.parse(response.json()).errors ?? [];
      expect(error?.field, JSON.stringify(items)).toBe(field);
      expect([error?.code, error?.message], field).toContain(code);
    }
    const kept = await db().agendaItem.findMany({ where: { meetingId: meeting.id } });
    expect(kept.map((item) => item.title)).toEqual(['Velkomst']);
  });

  it('keeps the agenda of a held or cancelled meeting, and asks for meetings:write', async () => {
    const { meeting: cancelled, at } = await meetingWithTimes({ status: 'cancelled' });
    expect((await put(cancelled.id, [{ startsAt: at(0), endsAt: at(10), title: 'Nej' }])).statusCode).toBe(409);
    const { meeting } = await meetingWithTimes();
    const forbidden = await put(meeting.id, [], ['meetings:read']);
    expect(forbidden.statusCode).toBe(403);
    expect((await put(meeting.id, [])).statusCode).toBe(200);
  });
});
