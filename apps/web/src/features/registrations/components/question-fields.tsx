import type { FieldError as ApiFieldError } from '@bok/shared/errors';
import { type Answers, answersSchemaFor, type Question } from '@bok/shared/questions';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SummaryError } from '@/components/error-summary';
import { FieldError, FieldHint, TextAreaField, TextField } from '@/components/form-fields';
import { type FieldIssue, issuesFromProblem, issuesFromZod } from '@/lib/field-issues';
import { fieldMessage } from './field-messages';

/** An answer as the form holds it: text as typed, the chosen option(s), or yes/no. */
type Value = string | string[] | boolean | undefined;
export type AnswerValues = Record<string, Value>;

const questionId = (prefix: string, question: Question) => `${prefix}-question-${question.id}`;

/** The question a field error names: `answers.<id>` or `answers.<id>.<n>`. */
const questionOf = (field: string) => /^answers\.([^.]+)/.exec(field)?.[1];

/**
 * The answers to a meeting's own questions in a form: their values, their issues, checked with the
 * same shared rule the API applies (`answersSchemaFor`).
 */
export function useAnswers(questions: readonly Question[], prefix: string, initial: Answers = {}) {
  const { t } = useTranslation();
  const [values, setValues] = useState<AnswerValues>(initial);
  const [issues, setIssues] = useState<FieldIssue[]>([]);

  const messages: Record<string, string> = {};
  for (const issue of issues) {
    const id = questionOf(issue.field);
    if (id && !messages[id]) messages[id] = fieldMessage(t, { ...issue, field: 'answer' });
  }
  const summary: SummaryError[] = questions.flatMap((question) =>
    messages[question.id] ? [{ fieldId: firstControlId(prefix, question), message: messages[question.id]! }] : [],
  );

  return {
    values,
    messages,
    summary,
    set: (id: string, value: Value) => setValues((current) => ({ ...current, [id]: value })),
    /** The answers as the API takes them, or undefined after showing what is wrong. */
    check(): Answers | undefined {
      const parsed = answersSchemaFor(questions).safeParse(
        Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)),
      );
      if (parsed.success) {
        setIssues([]);
        return parsed.data;
      }
      setIssues(issuesFromZod(parsed.error).map((issue) => ({ ...issue, field: `answers.${issue.field}` })));
      return undefined;
    },
    /** Shows the answers the API refused; true when it named any. */
    fromProblem(errors: ApiFieldError[]): boolean {
      const named = issuesFromProblem(errors).filter((issue) => questionOf(issue.field));
      setIssues(named);
      return named.length > 0;
    },
  };
}

function firstControlId(prefix: string, question: Question) {
  const id = questionId(prefix, question);
  return question.kind === 'short_text' || question.kind === 'long_text' ? id : `${id}-0`;
}

/** The meeting's own questions, each as its kind asks: a text field, radio buttons or checkboxes. */
export function QuestionFields({
  prefix,
  questions,
  answers,
}: {
  prefix: string;
  questions: readonly Question[];
  answers: ReturnType<typeof useAnswers>;
}) {
  const { t } = useTranslation();
  if (questions.length === 0) return null;
  return (
    <div className="questions" data-testid="meeting-questions">
      {questions.map((question) => {
        const id = questionId(prefix, question);
        const error = answers.messages[question.id];
        const value = answers.values[question.id];
        if (question.kind === 'short_text' || question.kind === 'long_text') {
          const Text = question.kind === 'short_text' ? TextField : TextAreaField;
          return (
            <Text
              key={question.id}
              id={id}
              name={id}
              label={question.label}
              optional={!question.required}
              value={typeof value === 'string' ? value : ''}
              onChange={(text: string) => answers.set(question.id, text)}
              error={error}
            />
          );
        }
        const choices: Array<[string, string, boolean]> =
          question.kind === 'yes_no'
            ? [
                ['true', t('registration.yes'), value === true],
                ['false', t('registration.no'), value === false],
              ]
            : question.options.map((option) => [
                option,
                option,
                Array.isArray(value) ? value.includes(option) : value === option,
              ]);
        const several = question.kind === 'multiple_choice';
        return (
          <fieldset
            key={question.id}
            className={`field field--choices${error ? ' field--error' : ''}`}
            aria-describedby={error ? `${id}-error` : undefined}
          >
            <legend className="field__label">
              {question.label}
              {question.required ? null : <span className="field__optional"> {t('form.optional')}</span>}
            </legend>
            {several ? <FieldHint id={id} hint={t('registration.chooseSeveral')} /> : null}
            <FieldError id={id} error={error} />
            {choices.map(([choice, label, checked], index) => (
              <div className="checkbox" key={choice}>
                <input
                  id={`${id}-${index}`}
                  type={several ? 'checkbox' : 'radio'}
                  name={id}
                  className="checkbox__input"
                  checked={checked}
                  aria-invalid={error ? true : undefined}
                  onChange={(event) => {
                    if (question.kind === 'yes_no') answers.set(question.id, choice === 'true');
                    else if (!several) answers.set(question.id, choice);
                    else {
                      const chosen = Array.isArray(value) ? value : [];
                      answers.set(
                        question.id,
                        event.target.checked ? [...chosen, choice] : chosen.filter((option) => option !== choice),
                      );
                    }
                  }}
                />
                <label htmlFor={`${id}-${index}`} className="checkbox__label">
                  {label}
                </label>
              </div>
            ))}
          </fieldset>
        );
      })}
    </div>
  );
}
