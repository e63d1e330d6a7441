import type { Answers, Question } from '@bok/shared/questions';
import type { Database, Transaction } from '../../db/prisma';
import { Prisma } from '../../generated/prisma/client';

export interface NewQuestion {
  id: string;
  label: string;
  kind: Question['kind'];
  required: boolean;
  options: string[];
}

export function questionsRepository(db: Database | Transaction) {
  return {
    async list(meetingId: string): Promise<Question[]> {
      const rows = await db.meetingQuestion.findMany({ where: { meetingId }, orderBy: { position: 'asc' } });
      return rows.map(({ id, label, kind, required, options }) => ({ id, label, kind, required, options }));
    },

    /** The meeting's questions become exactly these, in this order (run under the meeting lock). */
    async replace(meetingId: string, questions: NewQuestion[]): Promise<void> {
      await db.meetingQuestion.deleteMany({ where: { meetingId } });
      if (questions.length)
        await db.meetingQuestion.createMany({
          data: questions.map((question, position) => ({ ...question, meetingId, position })),
        });
    },

    /** The answers given at this meeting, by registration. */
    async answersOf(meetingId: string): Promise<Array<{ id: string; answers: Answers }>> {
      const rows = await db.registration.findMany({
        where: { meetingId, answers: { not: Prisma.DbNull } },
        select: { id: true, answers: true },
      });
      return rows.flatMap((row) =>
        row.answers && typeof row.answers === 'object' && !Array.isArray(row.answers)
          ? [{ id: row.id, answers: row.answers as Answers }]
          : [],
      );
    },

    async setAnswers(registrationId: string, answers: Answers): Promise<void> {
      await db.registration.update({
        where: { id: registrationId },
        data: { answers: Object.keys(answers).length ? answers : Prisma.DbNull },
      });
    },
  };
}
