import { useTranslation } from 'react-i18next';
import { useLocale } from '@/i18n/use-locale';
import { formatDate, formatDateTime, formatTimeRange, isSameDay } from '@/lib/format-date';

type Props = { startsAt: string; endsAt: string };

/** A meeting's date and hours, in Copenhagen time. */
export function MeetingWhen({ startsAt, endsAt }: Props) {
  const { t } = useTranslation();
  const locale = useLocale();
  if (!isSameDay(startsAt, endsAt)) {
    return (
      <>
        <time dateTime={startsAt}>{formatDateTime(startsAt, locale)}</time>
        {' – '}
        <time dateTime={endsAt}>{formatDateTime(endsAt, locale)}</time>
      </>
    );
  }
  return (
    <>
      <time dateTime={startsAt}>{formatDate(startsAt, locale)}</time>
      <span className="when__hours">
        {t('meeting.timeRange', { range: formatTimeRange(startsAt, endsAt, locale) })}
      </span>
    </>
  );
}
