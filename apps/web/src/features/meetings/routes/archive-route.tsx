import { getRouteApi, Link } from '@tanstack/react-router';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading } from '@/components/loading';
import { MeetingCard } from '@/components/meeting-card';
import { PageTitle } from '@/components/page-title';
import { QueryError } from '@/components/query-error';
import { useMeetings } from '../api/get-meetings';

export const archivePageSize = 10;

const route = getRouteApi('/arkiv');

/** Past meetings are those that started before now; fixed per visit so the query key is stable. */
function archiveCutoff(): string {
  const minute = 60_000;
  return new Date(Math.floor(Date.now() / minute) * minute).toISOString();
}

export function ArchiveRoute() {
  const { t } = useTranslation();
  const { page = 1 } = route.useSearch();
  const [to] = useState(archiveCutoff);
  const meetings = useMeetings({ to, page, pageSize: archivePageSize });

  let content: ReactNode;
  if (meetings.data) {
    const { items, total, pageSize } = meetings.data;
    const pages = Math.max(1, Math.ceil(total / pageSize));
    // The API lists past meetings newest first; sorting the page again only guards that promise.
    const newestFirst = [...items].sort((a, b) => Date.parse(b.startsAt) - Date.parse(a.startsAt));
    content = (
      <>
        {newestFirst.length === 0 ? (
          <p className="empty">{t('archive.empty')}</p>
        ) : (
          <ul className="card-list card-list--archive" aria-busy={meetings.isPlaceholderData}>
            {newestFirst.map((meeting) => (
              <li key={meeting.id}>
                <MeetingCard meeting={meeting} headingLevel={2} variant="archive" />
              </li>
            ))}
          </ul>
        )}
        {pages > 1 ? (
          <nav className="pagination" aria-label={t('archive.pagination')}>
            {page > 1 ? (
              <Link to="/arkiv" search={{ page: page - 1 === 1 ? undefined : page - 1 }} rel="prev">
                {t('archive.previous')}
              </Link>
            ) : null}
            <p className="pagination__status">{t('archive.pageOf', { page, pages })}</p>
            {page < pages ? (
              <Link to="/arkiv" search={{ page: page + 1 }} rel="next">
                {t('archive.next')}
              </Link>
            ) : null}
          </nav>
        ) : null}
      </>
    );
  } else if (meetings.isError) {
    content = <QueryError error={meetings.error} onRetry={() => void meetings.refetch()} />;
  } else {
    content = <Loading />;
  }

  return (
    <div className="archive">
      <PageTitle title={t('archive.title')} />
      <h1>{t('archive.title')}</h1>
      <p className="lead">{t('archive.intro')}</p>
      {content}
    </div>
  );
}
