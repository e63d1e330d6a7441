import { z } from 'zod';
import { idSchema, textSchema } from './common';
import { fieldErrorCode } from './errors';

/**
 * A meeting's own questions, beside the standard fields: which workshop track, whether you bring a
 * colleague, a yes or no for the dinner. The coordinator writes them; the registration form asks
 * them; `answersSchemaFor` checks the answers the same way in the browser and in the API.
 */
export const questionKinds = ['short_text', 'long_text', 'single_choice', 'multiple_choice', 'yes_no'] as const;
export const questionKindSchema = z.enum(questionKinds);
export type QuestionKind = z.infer<typeof questionKindSchema>;

export const questionMax = 20;
const choiceKinds: readonly QuestionKind[] = ['single_choice', 'multiple_choice'];
export const isChoice = (kind: QuestionKind) => choiceKinds.includes(kind);

export const questionSchema = z
  .object({
    id: idSchema,
    label: z.string(),
    kind: questionKindSchema,
    required: z.boolean(),
    /** The choices, in order; empty for the other kinds. */
    options: z.array(z.string()),
  })
  .meta({ id: 'Question' });
export type Question = z.infer<typeof questionSchema>;

const questionInputSchema = z
  .object({
    /** An existing question keeps its id (and its answers); a new one has none. */
    id: idSchema.optional(),
    label: textSchema(200, 'single').min(1),
    kind: questionKindSchema,
    required: z.boolean().default(false),
    options: z.array(textSchema(100, 'single').min(1)).max(20).default([]),
  })
  .strict()
  .superRefine((question, context) => {
    if (isChoice(question.kind) && question.options.length < 2)
      context.addIssue({ code: 'custom', path: ['options'], message: fieldErrorCode.options_required });
    if (!isChoice(question.kind) && question.options.length > 0)
      context.addIssue({ code: 'custom', path: ['options'], message: fieldErrorCode.options_not_allowed });
    if (new Set(question.options.map((option) => option.toLocaleLowerCase('da'))).size !== question.options.length)
      context.addIssue({ code: 'custom', path: ['options'], message: fieldErrorCode.options_repeated });
  });

export const questionsReplaceSchema = z
  .object({
    items: z.array(questionInputSchema).max(questionMax),
    /**
     * Changes that would invalidate answers already given (a question removed, its kind changed, a
     * chosen option removed) are refused (409, naming them) unless confirmed; confirmed, those
     * answers are removed from the registrations.
     */
    confirmDroppingAnswers: z.boolean().default(false),
  })
  .strict()
  .meta({ id: 'QuestionsReplace' });
export type QuestionsReplace = z.input<typeof questionsReplaceSchema>;

export const questionListSchema = z.object({ items: z.array(questionSchema) }).meta({ id: 'QuestionList' });
export type QuestionList = z.infer<typeof questionListSchema>;

/** One answer: text, the chosen option(s), or yes/no. */
export type Answer = string | string[] | boolean;
export type Answers = Record<string, Answer>;

/** Answers as stored and answered: by question id. */
export const answersSchema = z.record(z.string(), z.union([z.string(), z.array(z.string()), z.boolean()]));

/** Answers as sent, bounded; what each must be is `answersSchemaFor`'s. */
export const answersInputSchema = z
  .record(z.string().max(64), z.union([z.string().max(5000), z.array(z.string().max(200)).max(20), z.boolean()]))
  .optional();

/** Missing is "answer it" (when required); present but wrong is the kind's own error. */
const missingOr = (code: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? fieldErrorCode.answer_required : code;

/** An empty answer is no answer. */
const blankAsNone = (value: unknown) =>
  value === '' || (Array.isArray(value) && value.length === 0) ? undefined : value;

function answerSchema(question: Question): z.ZodType<Answer | undefined> {
  const required = <T extends z.ZodType>(schema: T) =>
    z.preprocess(blankAsNone, question.required ? schema : schema.optional()) as z.ZodType<Answer | undefined>;
  switch (question.kind) {
    case 'short_text':
      return required(z.string({ error: missingOr('invalid_type') }).pipe(textSchema(200, 'single')));
    case 'long_text':
      return required(z.string({ error: missingOr('invalid_type') }).pipe(textSchema(2000, 'multi')));
    case 'single_choice':
      return required(
        z.enum(question.options as [string, ...string[]], { error: missingOr(fieldErrorCode.unknown_option) }),
      );
    case 'multiple_choice':
      return required(
        z
          .array(z.enum(question.options as [string, ...string[]], { error: fieldErrorCode.unknown_option }), {
            error: missingOr('invalid_type'),
          })
          .transform((values) => [...new Set(values)]),
      );
    case 'yes_no':
      return required(z.boolean({ error: missingOr('invalid_type') }));
  }
}

/**
 * The answers to a meeting's questions, keyed by question id: each checked by its kind, required
 * ones present, nothing for questions the meeting does not ask. Errors are named `answers.<id>`.
 */
export function answersSchemaFor(questions: readonly Question[]) {
  return z
    .object(Object.fromEntries(questions.map((question) => [question.id, answerSchema(question)])))
    .strict()
    .transform(
      (answers) => Object.fromEntries(Object.entries(answers).filter(([, value]) => value !== undefined)) as Answers,
    );
}

/** An answer as a person reads it (CSV, lists): the option(s), "Ja"/"Nej", or the text. */
export function answerText(answer: Answer | undefined, yesNo: { yes: string; no: string }): string {
  if (answer === undefined) return '';
  if (typeof answer === 'boolean') return answer ? yesNo.yes : yesNo.no;
  return Array.isArray(answer) ? answer.join(', ') : answer;
}
