import { type AgendaTemplate, agendaTemplateReplaceSchema } from '@bok/shared/agenda';
import { useTranslation } from 'react-i18next';
import { Loading } from '@/components/loading';
import { PageTitle } from '@/components/page-title';
import { QueryError } from '@/components/query-error';
import { useAgendaTemplate, useReplaceAgendaTemplate } from '../api/agenda-template';
import {
  type AgendaRow,
  type AgendaRowField,
  AgendaRowsEditor,
  parseTime,
  timeOf,
} from '../components/agenda-rows-editor';
import { CoordinatorGate } from '../components/coordinator-gate';
import { requestProblem, useFieldErrors } from '../components/use-field-errors';

/**
 * The template is kept as minutes after a meeting's start; the editor shows it as the day of a
 * meeting that starts at this hour, which is how the coordinator thinks of it.
 */
const shownStart = 10 * 60;

export function AgendaTemplateRoute() {
  const { t } = useTranslation();
  return (
    <CoordinatorGate>
      <PageTitle title={t('coordinator.template.title')} />
      <h1>{t('coordinator.template.title')}</h1>
      <Template />
    </CoordinatorGate>
  );
}

function Template() {
  const template = useAgendaTemplate();
  if (template.isPending) return <Loading />;
  if (template.isError) return <QueryError error={template.error} onRetry={() => void template.refetch()} />;
  return <TemplateEditor template={template.data} />;
}

function toRows(template: AgendaTemplate): AgendaRow[] {
  return template.items.map((item, index) => ({
    key: index,
    start: timeOf(shownStart + item.offsetMinutes),
    end: timeOf(shownStart + item.offsetMinutes + item.durationMinutes),
    title: item.title,
    kind: item.kind,
    speakerName: '',
    speakerOrganisation: '',
    description: item.description ?? '',
  }));
}

/** Clock times back to the template's terms; an end past midnight counts on into the next day. */
function toItem(row: AgendaRow) {
  const start = parseTime(row.start) ?? 0;
  const end = parseTime(row.end) ?? 0;
  return {
    offsetMinutes: start - shownStart,
    durationMinutes: end > start ? end - start : end + 24 * 60 - start,
    title: row.title,
    kind: row.kind,
    description: row.description,
  };
}

/** Where the schema names the template's fields, the editor shows the error. */
const templateField: Partial<Record<AgendaRowField, string>> = {
  start: 'offsetMinutes',
  end: 'durationMinutes',
  title: 'title',
  kind: 'kind',
  description: 'description',
};

function TemplateEditor({ template }: { template: AgendaTemplate }) {
  const { t } = useTranslation();
  const replace = useReplaceAgendaTemplate();
  const fields = useFieldErrors(t);

  function submit(rows: AgendaRow[]) {
    const changed = fields.check(agendaTemplateReplaceSchema, { items: rows.map(toItem) });
    if (!changed) return;
    replace.mutate(changed, { onError: (error) => fields.fromError(error) });
  }

  return (
    <AgendaRowsEditor
      heading={t('coordinator.template.heading')}
      intro={<p>{t('coordinator.template.intro', { time: timeOf(shownStart) })}</p>}
      testId="agenda-template-editor"
      initialRows={toRows(template)}
      firstStart={timeOf(shownStart)}
      withSpeakers={false}
      disabled={false}
      save={{
        submit,
        pending: replace.isPending,
        succeeded: replace.isSuccess,
        problem: replace.isError && fields.issues.length === 0 ? requestProblem(t, replace.error) : null,
        errorFor: (index, field) => {
          const name = templateField[field];
          return name ? fields.errorFor(`items.${index}.${name}`) : undefined;
        },
      }}
    />
  );
}
