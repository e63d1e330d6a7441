import type { AgendaItem } from '@bok/shared/agenda';
import { useTranslation } from 'react-i18next';
import { useLocale } from '@/i18n/use-locale';
import { formatTime } from '@/lib/format-date';

type Props = { items: AgendaItem[]; labelledBy: string };

export function AgendaTimeline({ items, labelledBy }: Props) {
  const { t } = useTranslation();
  const locale = useLocale();
  if (items.length === 0) return <p className="empty">{t('meeting.agendaEmpty')}</p>;
  const ordered = [...items].sort((a, b) => a.position - b.position);
  return (
    <ol className="agenda" data-testid="agenda" aria-labelledby={labelledBy}>
      {ordered.map((item) => (
        <li key={item.id} className={`agenda__item agenda__item--${item.kind}`}>
          <p className="agenda__time">
            <time dateTime={item.startsAt}>{formatTime(item.startsAt, locale)}</time>–
            <time dateTime={item.endsAt}>{formatTime(item.endsAt, locale)}</time>
          </p>
          <div className="agenda__body">
            <p className="agenda__kind">{t(`agendaKind.${item.kind}`)}</p>
            <h3 className="agenda__title">{item.title}</h3>
            {item.speakerName ? (
              <p className="agenda__speaker">
                <span className="visually-hidden">{t('meeting.speaker')}: </span>
                {[item.speakerName, item.speakerOrganisation].filter(Boolean).join(', ')}
              </p>
            ) : null}
            {item.description ? <p className="agenda__description">{item.description}</p> : null}
          </div>
        </li>
      ))}
    </ol>
  );
}
