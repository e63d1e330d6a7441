import { randomUUID } from 'node:crypto';
import type { Answers, Question, QuestionList, questionsReplaceSchema } from '@bok/shared/questions';
import type { z } from 'zod';
import type { Database } from '../../db/prisma';
import { AppError, notFound } from '../../lib/app-error';
import type { Actor } from '../api-keys/api-keys.service';
import { auditRepository } from '../audit/audit.repository';
import { meetingsRepository } from '../meetings/meetings.repository';
import { transactionOptions } from '../registrations/registrations.rules';
import { type NewQuestion, questionsRepository } from './questions.repository';

type Replace = z.output<typeof questionsReplaceSchema>;

/**
 * What of an answer survives the new questions: the same question (by id), of the same kind, with
 * its chosen options still offered. Returns the answer kept (or undefined) and whether any was lost.
 */
export function keptAnswer(
  answer: Answers[string],
  before: Question,
  after: NewQuestion | undefined,
): { kept: Answers[string] | undefined; lost: boolean } {
  if (!after || after.kind !== before.kind) return { kept: undefined, lost: true };
  if (after.kind === 'single_choice')
    return after.options.includes(answer as string) ? { kept: answer, lost: false } : { kept: undefined, lost: true };
  if (after.kind === 'multiple_choice') {
    const chosen = (answer as string[]).filter((option) => after.options.includes(option));
    return { kept: chosen.length ? chosen : undefined, lost: chosen.length !== (answer as string[]).length };
  }
  return { kept: answer, lost: false };
}

export function questionsService(db: Database, options: { onMeetingChanged?(meetingId: string): void } = {}) {
  async function meetingOf(idOrSlug: string) {
    const meeting = await meetingsRepository(db).findIdAndStatus(idOrSlug);
    if (!meeting) throw notFound('The meeting');
    return meeting;
  }

  return {
    async list(idOrSlug: string): Promise<QuestionList> {
      const meeting = await meetingOf(idOrSlug);
      return { items: await questionsRepository(db).list(meeting.id) };
    },

    /**
     * Replaces the meeting's questions. Answers already given stay with their question; a change
     * that would lose some (a question removed, its kind changed, a chosen option removed) is refused
     * saying how many, unless confirmed, and then only those answers go.
     */
    async replace(idOrSlug: string, input: Replace, actor: Actor, context: { ip: string | null; now: Date }) {
      const meeting = await meetingOf(idOrSlug);
      if (meeting.status === 'held' || meeting.status === 'cancelled')
        throw new AppError('conflict', `The meeting is ${meeting.status}: its questions can no longer change.`);
      await db.$transaction(async (tx) => {
        await meetingsRepository(tx).lock(meeting.id);
        const repository = questionsRepository(tx);
        const before = await repository.list(meeting.id);
        const known = new Set(before.map((question) => question.id));
        const unknown = input.items.findIndex((item) => item.id !== undefined && !known.has(item.id));
        if (unknown >= 0)
          throw new AppError('validation_failed', 'A question with an id must be one of the meeting’s.', {
            fields: [{ field: `items.${unknown}.id`, code: 'custom', message: 'unknown_question' }],
          });
        const after: NewQuestion[] = input.items.map((item) => ({ ...item, id: item.id ?? randomUUID() }));
        const byId = new Map(after.map((question) => [question.id, question]));

        const changes: Array<{ id: string; answers: Answers }> = [];
        const lostBy = new Map<string, number>();
        for (const registration of await repository.answersOf(meeting.id)) {
          const next: Answers = {};
          let changed = false;
          for (const [questionId, answer] of Object.entries(registration.answers)) {
            const question = before.find((candidate) => candidate.id === questionId);
            if (!question) continue;
            const { kept, lost } = keptAnswer(answer, question, byId.get(questionId));
            if (lost) {
              changed = true;
              lostBy.set(question.label, (lostBy.get(question.label) ?? 0) + 1);
            }
            if (kept !== undefined) next[questionId] = kept;
          }
          if (changed) changes.push({ id: registration.id, answers: next });
        }
        const lost = [...lostBy.values()].reduce((sum, count) => sum + count, 0);
        if (lost > 0 && !input.confirmDroppingAnswers)
          throw new AppError(
            'conflict',
            `${lost} answer(s) already given would be lost (${[...lostBy].map(([label, count]) => `${label}: ${count}`).join('; ')}). Send confirmDroppingAnswers: true to go ahead.`,
            { fields: [{ field: 'confirmDroppingAnswers', code: 'custom', message: 'answers_would_be_lost' }] },
          );
        await repository.replace(meeting.id, after);
        for (const change of changes) await repository.setAnswers(change.id, change.answers);
        await auditRepository(tx).record({
          actorType: actor.type,
          actorId: actor.id,
          action: 'meeting.questions_replaced',
          entityType: 'meeting',
          entityId: meeting.id,
          data: { questions: after.length, answersDropped: lost, labels: after.map((question) => question.label) },
          ip: context.ip,
          at: context.now,
        });
      }, transactionOptions);
      options.onMeetingChanged?.(meeting.id);
      return { items: await questionsRepository(db).list(meeting.id) };
    },
  };
}
