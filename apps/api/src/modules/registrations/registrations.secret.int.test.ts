import { registrationCreatedSchema } from '@bok/shared/registrations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMeeting, uniqueEmail } from '../../../test/factories';
import { buildTestApp } from '../../../test/test-app';
import { useTestDatabase } from '../../../test/test-database';
import { testConfig } from '../../lib/config';
import { hashToken, manageTokenFor } from '../../lib/manage-token';
import { reissueManageTokensIfSecretChanged } from './registrations.tokens';

// A database of its own: re-issuing rewrites every registration in it.
const database = useTestDatabase();
type App = Awaited<ReturnType<typeof buildTestApp>>;
const secretA = testConfig.appSecret;
const secretB = 'another-secret-another-secret-another';
let appA: App;
let appB: App;

beforeAll(async () => {
  appA = await buildTestApp(database().prisma, { config: { appSecret: secretA } });
  appB = await buildTestApp(database().prisma, { config: { appSecret: secretB } });
});
afterAll(async () => {
  await appA?.close();
  await appB?.close();
});

const db = () => database().prisma;

function recordingLogger() {
  const warnings: Array<{ data: unknown; message: string | undefined }> = [];
  const warn = (data: unknown, message?: string) => {
    warnings.push({ data, message });
  };
  return { warnings, warn };
}

async function register(meetingId: string) {
  const response = await appA.inject({
    method: 'POST',
    url: `/api/v1/meetings/${meetingId}/registrations`,
    payload: { name: 'Mette Tew', email: uniqueEmail(), libraryName: 'Køge Bibliotekerne', consent: true },
  });
  expect(response.statusCode).toBe(201);
  return registrationCreatedSchema.parse(response.json()).id!;
}

const view = (app: App, id: string, token: string) =>
  app.inject({ url: `/api/v1/registrations/${id}`, headers: { 'x-registration-token': token } });

describe('reissueManageTokensIfSecretChanged', () => {
  it('changes nothing while the secret is the one the tokens were made with', async () => {
    const meeting = await createMeeting(db());
    const id = await register(meeting.id);
    const logger = recordingLogger();
    expect(await reissueManageTokensIfSecretChanged(db(), { appSecret: secretA }, logger)).toEqual({ reissued: 0 });
    expect(logger.warnings).toEqual([]);
    expect((await view(appA, id, manageTokenFor(secretA, id))).statusCode).toBe(200);
  });

  it('after a change of APP_SECRET, makes the links of new e-mails work and those of old ones 404, once', async () => {
    const meeting = await createMeeting(db());
    const ids: string[] = [];
    for (let n = 0; n < 5; n++) ids.push(await register(meeting.id));
    const total = await db().registration.count();

    const logger = recordingLogger();
    // Small chunks, so that more than one transaction does the work.
    const result = await reissueManageTokensIfSecretChanged(db(), { appSecret: secretB }, logger, { chunkSize: 2 });
    expect(result).toEqual({ reissued: total });
    expect(logger.warnings).toEqual([
      { data: { reissued: total }, message: expect.stringContaining('no longer work') },
    ]);

    for (const id of ids) {
      expect((await view(appB, id, manageTokenFor(secretA, id))).statusCode).toBe(404);
      expect((await view(appB, id, manageTokenFor(secretB, id))).statusCode).toBe(200);
    }
    const rows = await db().registration.findMany({ select: { id: true, manageTokenHash: true } });
    for (const row of rows) expect(row.manageTokenHash).toBe(hashToken(manageTokenFor(secretB, row.id)));

    // The next start finds the newest registration's hash current: nothing is rewritten again.
    const before = await db().registration.findMany({ orderBy: { id: 'asc' } });
    const again = recordingLogger();
    expect(await reissueManageTokensIfSecretChanged(db(), { appSecret: secretB }, again)).toEqual({ reissued: 0 });
    expect(again.warnings).toEqual([]);
    expect(await db().registration.findMany({ orderBy: { id: 'asc' } })).toEqual(before);
  });

  it('finishes an interrupted run at the next start, as the newest registration is rewritten last', async () => {
    const meeting = await createMeeting(db());
    const ids: string[] = [];
    for (let n = 0; n < 3; n++) ids.push(await register(meeting.id));
    // As if a run under secret B had stopped after the older ones: the newest still has A's hash.
    const older = await db().registration.findMany({ where: { id: { not: ids[2]! } }, select: { id: true } });
    for (const { id } of older) {
      await db().registration.update({
        where: { id },
        data: { manageTokenHash: hashToken(manageTokenFor(secretB, id)) },
      });
    }
    const logger = recordingLogger();
    expect(await reissueManageTokensIfSecretChanged(db(), { appSecret: secretB }, logger)).toEqual({ reissued: 1 });
    expect((await view(appB, ids[2]!, manageTokenFor(secretB, ids[2]!))).statusCode).toBe(200);
  });
});
