import { problemSchema } from '@bok/shared/errors';
import { meetingDetailSchema } from '@bok/shared/meetings';
import { headcountSchema, participantListSchema } from '@bok/shared/participants';
import { questionListSchema } from '@bok/shared/questions';
import { describe, expect, it } from 'vitest';
import { bearer, createApiKey } from '../../../test/auth';
import { parseCsv } from '../../../test/csv';
import { createMeeting, uniqueEmail } from '../../../test/factories';
import { useTestApp } from '../../../test/test-app';
import { testConfig } from '../../lib/config';
import { manageTokenFor } from '../../lib/manage-token';

const { app, database } = useTestApp();
const db = () => database().prisma;

describe('a meeting’s own questions', () => {
  it('are asked on the form, checked on both sides, stored, editable, listed, counted and exported', async () => {
    const coordinator = bearer((await createApiKey(db())).key);
    const meeting = await createMeeting(db(), { title: 'Spørgsmålenes møde' });
    const put = (payload: object) =>
      app().inject({ method: 'PUT', url: `/api/v1/meetings/${meeting.id}/questions`, headers: coordinator, payload });

    const defined = await put({
      items: [
        { label: 'Hvilket spor?', kind: 'single_choice', required: true, options: ['Formidling', 'Data'] },
        { label: 'Deltager du i middagen?', kind: 'yes_no' },
        { label: 'Emner', kind: 'multiple_choice', options: ['Børn', 'Voksne', 'Ældre'] },
        { label: 'Tager du en kollega med?', kind: 'short_text' },
      ],
    });
    expect(defined.statusCode).toBe(200);
    const [track, dinner, topics, colleague] = questionListSchema.parse(defined.json()).items;
    const page = meetingDetailSchema.parse((await app().inject({ url: `/api/v1/meetings/${meeting.slug}` })).json());
    expect(page.questions.map((question) => question.label)).toEqual([
      'Hvilket spor?',
      'Deltager du i middagen?',
      'Emner',
      'Tager du en kollega med?',
    ]);

    const register = (answers: object | undefined, email = uniqueEmail('svar')) =>
      app().inject({
        method: 'POST',
        url: `/api/v1/meetings/${meeting.id}/registrations`,
        payload: { name: 'Åse Svarer', email, libraryName: 'Køge', consent: true, ...(answers ? { answers } : {}) },
      });
    const missing = await register(undefined);
    expect(missing.statusCode).toBe(400);
    expect(problemSchema.parse(missing.json()).errors).toEqual([
      expect.objectContaining({ field: `answers.${track!.id}`, message: 'answer_required' }),
    ]);
    const wrong = await register({ [track!.id]: 'Sport', [topics!.id]: ['Børn', 'Katte'] });
    expect(problemSchema.parse(wrong.json()).errors?.map((error) => error.field)).toEqual([
      `answers.${track!.id}`,
      `answers.${topics!.id}.1`,
    ]);
    const ok = await register({ [track!.id]: 'Data', [dinner!.id]: true, [topics!.id]: ['Børn', 'Ældre'] });
    expect(ok.statusCode).toBe(201);
    const registrationId = ok.json().id as string;
    expect((await db().registration.findUniqueOrThrow({ where: { id: registrationId } })).answers).toEqual({
      [track!.id]: 'Data',
      [dinner!.id]: true,
      [topics!.id]: ['Børn', 'Ældre'],
    });

    // The registrant changes them from the manage link; the same rule applies.
    const token = { 'x-registration-token': manageTokenFor(testConfig.appSecret, registrationId) };
    const patch = (answers: object) =>
      app().inject({
        method: 'PATCH',
        url: `/api/v1/registrations/${registrationId}`,
        headers: token,
        payload: { answers },
      });
    expect((await patch({ [dinner!.id]: false })).statusCode).toBe(400);
    const changed = await patch({ [track!.id]: 'Formidling', [dinner!.id]: false, [colleague!.id]: 'Ja, Bo' });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().answers).toEqual({
      [track!.id]: 'Formidling',
      [dinner!.id]: false,
      [colleague!.id]: 'Ja, Bo',
    });

    const reader = bearer((await createApiKey(db(), ['registrations:read'])).key);
    const list = participantListSchema.parse(
      (await app().inject({ url: `/api/v1/meetings/${meeting.id}/registrations`, headers: reader })).json(),
    );
    expect(list.items[0]?.answers[track!.id]).toBe('Formidling');
    const headcount = headcountSchema.parse(
      (await app().inject({ url: `/api/v1/meetings/${meeting.id}/headcount`, headers: reader })).json(),
    );
    expect(headcount.answers.find((answer) => answer.questionId === track!.id)?.counts).toEqual([
      { answer: 'Formidling', count: 1 },
      { answer: 'Data', count: 0 },
    ]);
    expect(headcount.answers.find((answer) => answer.questionId === dinner!.id)?.counts).toEqual([
      { answer: 'true', count: 0 },
      { answer: 'false', count: 1 },
    ]);
    const csv = await app().inject({ url: `/api/v1/meetings/${meeting.id}/registrations.csv`, headers: reader });
    const [header, row] = parseCsv(csv.rawPayload.toString('utf8').slice(1));
    expect(header!.slice(-4)).toEqual([
      'Hvilket spor?',
      'Deltager du i middagen?',
      'Emner',
      'Tager du en kollega med?',
    ]);
    expect(row!.slice(-4)).toEqual(['Formidling', 'Nej', '', 'Ja, Bo']);
  });

  it('refuses a change that would lose answers already given unless the coordinator confirms it', async () => {
    const coordinator = bearer((await createApiKey(db())).key);
    const meeting = await createMeeting(db());
    const put = (payload: object) =>
      app().inject({ method: 'PUT', url: `/api/v1/meetings/${meeting.id}/questions`, headers: coordinator, payload });
    const [track, dinner] = questionListSchema.parse(
      (
        await put({
          items: [
            { label: 'Spor', kind: 'single_choice', options: ['A', 'B'] },
            { label: 'Middag', kind: 'yes_no' },
          ],
        })
      ).json(),
    ).items;
    const registered = await app().inject({
      method: 'POST',
      url: `/api/v1/meetings/${meeting.id}/registrations`,
      payload: {
        name: 'Bo Svar',
        email: uniqueEmail('svar'),
        libraryName: 'Greve',
        consent: true,
        answers: { [track!.id]: 'B', [dinner!.id]: true },
      },
    });
    const id = registered.json().id as string;
    const answers = async () => (await db().registration.findUniqueOrThrow({ where: { id } })).answers;

    // Renaming, reordering, adding an option or a question: the answers stay.
    const safe = await put({
      items: [
        { id: dinner!.id, label: 'Spiser du med?', kind: 'yes_no' },
        { id: track!.id, label: 'Spor', kind: 'single_choice', options: ['A', 'B', 'C'] },
        { label: 'Kollega?', kind: 'short_text' },
      ],
    });
    expect(safe.statusCode).toBe(200);
    expect(await answers()).toEqual({ [track!.id]: 'B', [dinner!.id]: true });

    // B removed and the dinner question left out: two answers would go.
    const risky = {
      items: [{ id: track!.id, label: 'Spor', kind: 'single_choice', options: ['A', 'C'] }],
    };
    const refused = await put(risky);
    expect(refused.statusCode).toBe(409);
    expect(problemSchema.parse(refused.json())).toMatchObject({
      detail: expect.stringContaining('2 answer(s)'),
      errors: [expect.objectContaining({ field: 'confirmDroppingAnswers' })],
    });
    expect(await answers()).toEqual({ [track!.id]: 'B', [dinner!.id]: true });
    expect(
      questionListSchema.parse(
        (await app().inject({ url: `/api/v1/meetings/${meeting.id}/questions`, headers: coordinator })).json(),
      ).items,
    ).toHaveLength(3);

    const confirmed = await put({ ...risky, confirmDroppingAnswers: true });
    expect(confirmed.statusCode).toBe(200);
    expect(await answers()).toBeNull();
    const audit = await db().auditLog.findFirstOrThrow({
      where: { entityId: meeting.id, action: 'meeting.questions_replaced' },
      orderBy: { at: 'desc' },
    });
    expect(audit.data).toMatchObject({ answersDropped: 2 });

    const unknown = await put({ items: [{ id: '00000000-0000-4000-8000-000000000000', label: 'X', kind: 'yes_no' }] });
    expect(unknown.statusCode).toBe(400);
    expect(problemSchema.parse(unknown.json()).errors?.[0]).toMatchObject({ field: 'items.0.id' });
  });
});
