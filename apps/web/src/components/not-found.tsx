import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { PageTitle } from './page-title';

type Props = { title?: string; body?: string; children?: ReactNode };

export function NotFound({ title, body, children }: Props) {
  const { t } = useTranslation();
  const heading = title ?? t('notFound.title');
  return (
    <div className="not-found">
      <PageTitle title={heading} />
      <h1>{heading}</h1>
      <p>{body ?? t('notFound.body')}</p>
      <ul className="link-list">
        {children}
        <li>
          <Link to="/">{t('notFound.home')}</Link>
        </li>
      </ul>
    </div>
  );
}
