import { auditPageSchema } from '@bok/shared/audit';
import { problemSchema } from '@bok/shared/errors';
import { describe, expect, it } from 'vitest';
import { asBrowser, bearer, createApiKey, createCoordinator, signIn } from '../../../test/auth';
import { createMeeting, createRegistration } from '../../../test/factories';
import { useTestApp } from '../../../test/test-app';

const { app, database } = useTestApp();
const db = () => database().prisma;

describe('the audit log', () => {
  it('tells a meeting’s history newest first, with who did it by name, paged without gaps or repeats', async () => {
    const coordinator = await createCoordinator(db(), { name: 'Ane Koordinator' });
    const headers = asBrowser(await signIn(app(), coordinator));
    const reader = bearer((await createApiKey(db(), ['audit:read'])).key);
    const meeting = await createMeeting(db(), { title: 'Historiens møde', capacity: 5 });
    const seat = await createRegistration(db(), meeting.id, { name: 'Mette Hansen' });
    const send = (method: 'POST' | 'PATCH', url: string, payload: object) =>
      app().inject({ method, url, headers, payload });
    expect((await send('PATCH', `/api/v1/meetings/${meeting.id}`, { capacity: 6 })).statusCode).toBe(200);
    expect((await send('POST', `/api/v1/registrations/${seat.id}/check-in`, {})).statusCode).toBe(200);
    expect((await send('POST', `/api/v1/registrations/${seat.id}/cancel`, { notify: false })).statusCode).toBe(409);
    expect((await send('POST', `/api/v1/registrations/${seat.id}/check-in/undo`, {})).statusCode).toBe(200);
    expect((await send('POST', `/api/v1/registrations/${seat.id}/cancel`, { notify: false })).statusCode).toBe(200);

    const page = async (query: string) =>
      auditPageSchema.parse((await app().inject({ url: `/api/v1/audit?${query}`, headers: reader })).json());
    const all = await page(`meetingId=${meeting.id}`);
    expect(all.items.map((entry) => entry.action)).toEqual([
      'registration.cancelled',
      'registration.check_in_undone',
      'registration.checked_in',
      'meeting.updated',
    ]);
    expect(all.items[0]).toMatchObject({
      actor: { type: 'coordinator', id: coordinator.id, name: 'Ane Koordinator' },
      entityType: 'registration',
      entityId: seat.id,
      entityLabel: 'Mette Hansen',
    });
    expect(all.items[3]).toMatchObject({
      entityLabel: 'Historiens møde',
      data: expect.objectContaining({ 'capacity.before': 5, 'capacity.after': 6 }),
    });
    expect(all.nextCursor).toBeNull();

    // Two at a time: the same entries, in the same order, none twice.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const next = await page(`meetingId=${meeting.id}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...next.items.map((entry) => entry.id));
      cursor = next.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.items.map((entry) => entry.id));

    expect((await page(`meetingId=${meeting.id}&action=registration.`)).items).toHaveLength(3);
    expect((await page(`meetingId=${meeting.id}&action=meeting.updated`)).items).toHaveLength(1);
    expect((await page(`entityType=registration&entityId=${seat.id}&actorType=system`)).items).toHaveLength(0);

    const bad = await app().inject({ url: '/api/v1/audit?cursor=bm9wZQ', headers: reader });
    expect(bad.statusCode).toBe(400);
    expect(problemSchema.parse(bad.json()).errors?.[0]).toMatchObject({ field: 'query.cursor' });
    const noScope = await app().inject({
      url: '/api/v1/audit',
      headers: bearer((await createApiKey(db(), ['meetings:read'])).key),
    });
    expect(noScope.statusCode).toBe(403);
    expect(problemSchema.parse(noScope.json()).requiredScope).toBe('audit:read');
  });
});
