import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { meetingDetailSchema, meetingPageSchema } from '@bok/shared/meetings';
import { networkSchema } from '@bok/shared/network';
import { registrationCreatedSchema } from '@bok/shared/registrations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMeeting, uniqueEmail } from '../../test/factories';
import { buildTestApp, type TestApp } from '../../test/test-app';
import { useTestDatabase } from '../../test/test-database';
import { createDatabase, type DatabaseHandle } from '../db/prisma';
import { seedDemoData } from '../db/seed';
import { testConfig } from '../lib/config';
import { manageTokenFor } from '../lib/manage-token';

const database = useTestDatabase();
let app: TestApp;
/** Another instance: its own PrismaClient on its own pool, as another process on the same database would have. */
let otherDatabase: DatabaseHandle;
let other: TestApp;
let openMeeting: string;

beforeAll(async () => {
  await seedDemoData(database().prisma);
  const open = await database().prisma.meeting.findFirstOrThrow({
    where: { status: 'open' },
    orderBy: { startsAt: 'asc' },
  });
  openMeeting = open.id;
  app = await buildTestApp(database().prisma);
  otherDatabase = createDatabase(database().url, 2);
  other = await buildTestApp(otherDatabase.prisma);
});
afterAll(async () => {
  await app?.close();
  await other?.close();
  await otherDatabase?.close();
});

const publicReads = () => [
  '/api/v1/network',
  '/api/v1/meetings',
  '/api/v1/meetings?status=open&pageSize=5',
  `/api/v1/meetings/${openMeeting}`,
  '/api/v1/themes',
  '/api/v1/libraries',
];

async function register(meetingId: string, target: TestApp = app) {
  const response = await target.inject({
    method: 'POST',
    url: `/api/v1/meetings/${meetingId}/registrations`,
    payload: { name: 'Mette Tew', email: uniqueEmail(), libraryName: 'Køge Bibliotekerne', consent: true },
  });
  expect(response.statusCode).toBe(201);
  const body = registrationCreatedSchema.parse(response.json());
  return { ...body, id: body.id! };
}

async function seatsOf(meetingId: string, target: TestApp = app) {
  return meetingDetailSchema.parse((await target.inject({ url: `/api/v1/meetings/${meetingId}` })).json()).seats;
}

describe('public reads', () => {
  it('carry a weak ETag that answers If-None-Match with 304, and a Cache-Control that makes browsers ask', async () => {
    for (const url of publicReads()) {
      const first = await app.inject({ url });
      expect(first.statusCode, url).toBe(200);
      const etag = first.headers.etag as string;
      expect(etag, url).toMatch(/^W\/"[\w-]+"$/);
      expect(first.headers['cache-control'], url).toBe('public, max-age=0, must-revalidate');
      expect(first.headers.vary, url).toContain('accept-encoding');
      expect(first.headers['content-type'], url).toBe('application/json; charset=utf-8');

      const again = await app.inject({ url, headers: { 'if-none-match': etag } });
      expect(again.statusCode, url).toBe(304);
      expect(again.body, url).toBe('');
      expect(again.headers.etag, url).toBe(etag);
      // Another instance answers the same data with the same tag, so a browser's tag holds across them.
      expect((await other.inject({ url, headers: { 'if-none-match': etag } })).statusCode, url).toBe(304);

      const stale = await app.inject({ url, headers: { 'if-none-match': 'W/"something-else"' } });
      expect(stale.statusCode, url).toBe(200);
      expect(stale.body, url).toBe(first.body);
    }
  });

  it('are compressed with br or gzip as the client asks, and decode to the same JSON', async () => {
    for (const url of ['/api/v1/network', '/api/v1/meetings', `/api/v1/meetings/${openMeeting}`]) {
      const plain = await app.inject({ url });
      expect(plain.headers['content-encoding'], url).toBeUndefined();

      const gzip = await app.inject({ url, headers: { 'accept-encoding': 'gzip' } });
      expect(gzip.headers['content-encoding'], url).toBe('gzip');
      expect(gzip.rawPayload.length, url).toBeLessThan(plain.rawPayload.length);
      expect(JSON.parse(gunzipSync(gzip.rawPayload).toString('utf8')), url).toEqual(plain.json());

      const br = await app.inject({ url, headers: { 'accept-encoding': 'gzip, deflate, br, zstd' } });
      expect(br.headers['content-encoding'], url).toBe('br');
      expect(JSON.parse(brotliDecompressSync(br.rawPayload).toString('utf8')), url).toEqual(plain.json());
      expect(br.headers.etag, url).toBe(plain.headers.etag);

      const refused = await app.inject({ url, headers: { 'accept-encoding': 'br;q=0, gzip;q=0' } });
      expect(refused.headers['content-encoding'], url).toBeUndefined();
      expect(refused.body, url).toBe(plain.body);
    }
  });

  it('are still what the OpenAPI document says: the shared schemas parse them', async () => {
    networkSchema.parse((await app.inject({ url: '/api/v1/network' })).json());
    meetingPageSchema.parse((await app.inject({ url: '/api/v1/meetings' })).json());
    const document = (await app.inject({ url: '/api/openapi.json' })).json();
    expect(document.paths['/api/v1/network'].get.responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/Network',
    });
  });
});

describe('seats in cached reads', () => {
  it('show a registration in the next read on the same instance: detail, list and network page', async () => {
    const before = await seatsOf(openMeeting);
    const listed = async () =>
      meetingPageSchema
        .parse((await app.inject({ url: '/api/v1/meetings' })).json())
        .items.find((item) => item.id === openMeeting)!.seats;
    const onPage = async () =>
      networkSchema
        .parse((await app.inject({ url: '/api/v1/network' })).json())
        .upcomingMeetings.find((item) => item.id === openMeeting)!.seats;
    expect(await listed()).toEqual(before);
    expect(await onPage()).toEqual(before);

    await register(openMeeting);
    const after = { ...before, confirmed: before.confirmed + 1, available: before.available - 1 };
    expect(await seatsOf(openMeeting)).toEqual(after);
    expect(await listed()).toEqual(after);
    expect(await onPage()).toEqual(after);
  });

  it('show a registration made on another instance within a second', async () => {
    const meeting = await createMeeting(database().prisma, { capacity: 10 });
    expect(await seatsOf(meeting.id, other)).toMatchObject({ confirmed: 0 });
    await register(meeting.id, app);
    const registered = Date.now();
    // Not sooner than it must: the other instance learns of it by reading again.
    while ((await seatsOf(meeting.id, other)).confirmed === 0) {
      expect(Date.now() - registered).toBeLessThan(1000);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(Date.now() - registered).toBeLessThan(1000);
    expect(await seatsOf(meeting.id, other)).toMatchObject({ confirmed: 1, available: 9 });
  });

  it('show a cancellation and the promotion it causes in the next read', async () => {
    const meeting = await createMeeting(database().prisma, { capacity: 1, waitlistEnabled: true });
    const first = await register(meeting.id);
    const second = await register(meeting.id);
    const third = await register(meeting.id);
    expect(second.status).toBe('waitlisted');
    expect(await seatsOf(meeting.id)).toEqual({ capacity: 1, confirmed: 1, waitlisted: 2, available: 0 });

    const cancel = (id: string) =>
      app.inject({
        method: 'DELETE',
        url: `/api/v1/registrations/${id}`,
        headers: { 'x-registration-token': manageTokenFor(testConfig.appSecret, id) },
      });
    // The seat goes to the first on the waitlist.
    expect((await cancel(first.id)).statusCode).toBe(204);
    expect(await seatsOf(meeting.id)).toEqual({ capacity: 1, confirmed: 1, waitlisted: 1, available: 0 });
    // A waitlisted registration leaves the waitlist.
    expect((await cancel(third.id)).statusCode).toBe(204);
    expect(await seatsOf(meeting.id)).toEqual({ capacity: 1, confirmed: 1, waitlisted: 0, available: 0 });
  });
});

describe('personal data', () => {
  it('is never cached: a registration and the mailbox are no-store, without ETag, and show changes at once', async () => {
    const mine = await register(openMeeting);
    const headers = { 'x-registration-token': manageTokenFor(testConfig.appSecret, mine.id) };
    const url = `/api/v1/registrations/${mine.id}`;
    const read = await app.inject({ url, headers });
    expect(read.statusCode).toBe(200);
    expect(read.headers['cache-control']).toBe('no-store');
    expect(read.headers.etag).toBeUndefined();

    const patched = await app.inject({ method: 'PATCH', url, headers, payload: { comment: 'Vegetar' } });
    expect(patched.statusCode).toBe(200);
    expect((await app.inject({ url, headers })).json().comment).toBe('Vegetar');
    // Without the token it is the same 404 as ever, not a copy of the answer above.
    expect((await app.inject({ url })).statusCode).toBe(404);

    const mailbox = await app.inject({ url: '/api/dev/mailbox', remoteAddress: '127.0.0.1' });
    expect(mailbox.statusCode).toBe(200);
    expect(mailbox.headers['cache-control']).toBe('no-store');
    expect(mailbox.headers.etag).toBeUndefined();
  });
});
