import type { MeetingDetail } from '@bok/shared/meetings';
import {
  isChoice,
  type Question,
  type QuestionKind,
  questionKindSchema,
  questionsReplaceSchema,
} from '@bok/shared/questions';
import { type FormEvent, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { CheckboxField, SelectField, SubmitActions, TextAreaField, TextField } from '@/components/form-fields';
import { ApiError } from '@/lib/api-client';
import { useReplaceQuestions } from '../api/meetings';
import { requestProblem, useFieldErrors } from './use-field-errors';

interface Row {
  key: number;
  id: string | undefined;
  label: string;
  kind: QuestionKind;
  required: boolean;
  /** One option per line, as typed. */
  options: string;
}

const rowsOf = (questions: readonly Question[]): Row[] =>
  questions.map((question, key) => ({
    key,
    id: question.id,
    label: question.label,
    kind: question.kind,
    required: question.required,
    options: question.options.join('\n'),
  }));

/** The answers already given would be lost: the API says how many, the coordinator decides. */
const losesAnswers = (error: unknown) =>
  error instanceof ApiError && error.fieldErrors.some((field) => field.field === 'confirmDroppingAnswers');

/**
 * The meeting's own questions on its registration form: added, ordered, changed and removed, saved
 * in one go. A change that would lose answers already given asks before it goes.
 */
export function QuestionsEditor({ meeting }: { meeting: MeetingDetail }) {
  const { t } = useTranslation();
  const id = useId();
  const replace = useReplaceQuestions(meeting.id);
  const fields = useFieldErrors(t);
  const nextKey = useRef(meeting.questions.length);
  const [rows, setRows] = useState<Row[]>(() => rowsOf(meeting.questions));
  const [saved, setSaved] = useState(false);
  const final = meeting.status === 'held' || meeting.status === 'cancelled';
  const change = (key: number, patch: Partial<Row>) => {
    setSaved(false);
    setRows((current) => current.map((row) => (row.key === key ? { ...row, ...patch } : row)));
  };
  const move = (index: number, by: -1 | 1) => {
    const next = [...rows];
    const [row] = next.splice(index, 1);
    next.splice(index + by, 0, row!);
    setRows(next);
    setSaved(false);
  };

  function save(confirmDroppingAnswers: boolean) {
    const questions = fields.check(questionsReplaceSchema, {
      items: rows.map((row) => ({
        ...(row.id ? { id: row.id } : {}),
        label: row.label,
        kind: row.kind,
        required: row.required,
        options: isChoice(row.kind)
          ? row.options
              .split('\n')
              .map((option) => option.trim())
              .filter(Boolean)
          : [],
      })),
      confirmDroppingAnswers,
    });
    if (!questions) return;
    replace.mutate(questions, {
      onSuccess: (stored) => {
        setRows(rowsOf(stored.items));
        nextKey.current = stored.items.length;
        setSaved(true);
      },
      onError: (error) => fields.fromError(error),
    });
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!replace.isPending) save(false);
  }

  const asking = replace.isError && losesAnswers(replace.error);
  return (
    <section aria-labelledby={`${id}-heading`} className="section">
      <h2 id={`${id}-heading`}>{t('coordinator.questions.heading')}</h2>
      <p>{t('coordinator.questions.intro')}</p>
      <form className="form" noValidate onSubmit={onSubmit} data-testid="questions-editor">
        {replace.isError && !asking && fields.issues.length === 0 ? (
          <ErrorAlert message={requestProblem(t, replace.error)} />
        ) : null}
        {asking ? (
          <div className="notice notice--error" role="alert">
            <p>{(replace.error as ApiError).problem?.detail}</p>
            <div className="form-actions">
              <button type="button" className="button button--danger" onClick={() => save(true)}>
                {t('coordinator.questions.dropAnswers')}
              </button>
              <button
                type="button"
                className="button button--secondary"
                onClick={() => setRows(rowsOf(meeting.questions))}
              >
                {t('coordinator.questions.undo')}
              </button>
            </div>
          </div>
        ) : null}
        {rows.length === 0 ? <p>{t('coordinator.questions.none')}</p> : null}
        <ol className="agenda-editor">
          {rows.map((row, index) => {
            const rowId = `${id}-${row.key}`;
            const name = row.label.trim() || t('coordinator.questions.untitled');
            return (
              <li key={row.key} className="agenda-editor__item" data-testid="question-item">
                <fieldset>
                  <legend>{t('coordinator.questions.item', { n: index + 1, name })}</legend>
                  <TextField
                    id={`${rowId}-label`}
                    name="label"
                    label={t('coordinator.questions.label')}
                    value={row.label}
                    onChange={(label) => change(row.key, { label })}
                    error={fields.errorFor(`items.${index}.label`)}
                  />
                  <SelectField
                    id={`${rowId}-kind`}
                    label={t('coordinator.questions.kind')}
                    value={row.kind}
                    options={questionKindSchema.options.map(
                      (kind) => [kind, t(`coordinator.questions.kinds.${kind}`)] as const,
                    )}
                    onChange={(kind) => change(row.key, { kind: questionKindSchema.parse(kind) })}
                  />
                  {isChoice(row.kind) ? (
                    <TextAreaField
                      id={`${rowId}-options`}
                      name="options"
                      rows={3}
                      label={t('coordinator.questions.options')}
                      hint={t('coordinator.questions.optionsHint')}
                      value={row.options}
                      onChange={(options) => change(row.key, { options })}
                      error={fields.errorFor(`items.${index}.options`)}
                    />
                  ) : null}
                  <CheckboxField
                    id={`${rowId}-required`}
                    label={t('coordinator.questions.required')}
                    checked={row.required}
                    onChange={(required) => change(row.key, { required })}
                  />
                  <div className="form-actions">
                    <button
                      type="button"
                      className="button button--secondary"
                      disabled={index === 0}
                      onClick={() => move(index, -1)}
                    >
                      {t('coordinator.questions.up', { name })}
                    </button>
                    <button
                      type="button"
                      className="button button--secondary"
                      disabled={index === rows.length - 1}
                      onClick={() => move(index, 1)}
                    >
                      {t('coordinator.questions.down', { name })}
                    </button>
                    <button
                      type="button"
                      className="button button--danger-outline"
                      onClick={() => setRows(rows.filter((candidate) => candidate.key !== row.key))}
                    >
                      {t('coordinator.questions.remove', { name })}
                    </button>
                  </div>
                </fieldset>
              </li>
            );
          })}
        </ol>
        <SubmitActions
          label={t('coordinator.questions.save')}
          status={replace.isPending ? t('coordinator.account.saving') : saved ? t('coordinator.questions.saved') : ''}
          disabled={final}
        >
          <button
            type="button"
            className="button button--secondary"
            disabled={final || rows.length >= 20}
            onClick={() =>
              setRows([
                ...rows,
                { key: nextKey.current++, id: undefined, label: '', kind: 'short_text', required: false, options: '' },
              ])
            }
          >
            {t('coordinator.questions.add')}
          </button>
        </SubmitActions>
      </form>
    </section>
  );
}
