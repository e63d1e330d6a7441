import type { MailboxEmail } from '@bok/shared/emails';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading } from '@/components/loading';
import { PageTitle } from '@/components/page-title';
import { QueryError } from '@/components/query-error';
import { useLocale } from '@/i18n/use-locale';
import { ApiError } from '@/lib/api-client';
import { formatDateTime } from '@/lib/format-date';
import { useMailbox } from '../api/get-mailbox';
import { MailboxMessageView } from '../components/mailbox-message-view';

const route = getRouteApi('/dev/postkasse');

/** The development mailbox: what the app would have e-mailed, for demos without an SMTP server. */
export function MailboxRoute() {
  const { t } = useTranslation();
  const { to } = route.useSearch();
  const mailbox = useMailbox({ to });
  // The open e-mail is page state, not an address: opening one should not send focus back to the top.
  const [openId, setOpenId] = useState<string | null>(null);

  let content: ReactNode;
  if (mailbox.data) {
    // The API sends newest first; sorting again only guards that promise.
    const items = [...mailbox.data.items].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
    content = (
      <div className="mailbox__layout">
        <section aria-labelledby="mailbox-list-heading" className="mailbox__list">
          <h2 id="mailbox-list-heading">{t('mailbox.listHeading', { count: items.length })}</h2>
          {items.length === 0 ? (
            <p className="empty">{to ? t('mailbox.emptyFiltered', { to }) : t('mailbox.empty')}</p>
          ) : (
            <ol className="mailbox-list" data-testid="mailbox-list">
              {items.map((email) => (
                <MailboxListItem key={email.id} email={email} open={email.id === openId} onOpen={setOpenId} />
              ))}
            </ol>
          )}
        </section>
        {openId ? <MailboxMessageView key={openId} id={openId} /> : null}
      </div>
    );
  } else if (mailbox.isError) {
    content =
      mailbox.error instanceof ApiError && mailbox.error.status === 404 ? (
        <div className="notice" data-testid="mailbox-unavailable">
          <h2 className="notice__title">{t('mailbox.unavailableTitle')}</h2>
          <p>{t('mailbox.unavailableBody')}</p>
        </div>
      ) : (
        <QueryError error={mailbox.error} onRetry={() => void mailbox.refetch()} />
      );
  } else {
    content = <Loading />;
  }

  return (
    <div className="mailbox" data-testid="mailbox">
      <PageTitle title={t('mailbox.title')} />
      <h1>{t('mailbox.title')}</h1>
      <p className="lead">{t('mailbox.intro')}</p>
      <MailboxFilter key={to ?? ''} to={to} />
      {content}
    </div>
  );
}

function MailboxFilter({ to }: { to: string | undefined }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [value, setValue] = useState(to ?? '');

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void navigate({ to: '/dev/postkasse', search: { to: value.trim() || undefined } });
  }

  return (
    <form className="mailbox-filter" aria-label={t('mailbox.filterLabel')} onSubmit={onSubmit}>
      <div className="field">
        <label htmlFor="mailbox-to" className="field__label">
          {t('mailbox.filter')}
        </label>
        <div className="mailbox-filter__row">
          <input
            id="mailbox-to"
            name="to"
            type="email"
            className="field__input"
            value={value}
            onChange={(event) => setValue(event.target.value)}
            autoComplete="off"
            spellCheck={false}
          />
          <button type="submit" className="button">
            {t('mailbox.filterSubmit')}
          </button>
          {to ? (
            <Link to="/dev/postkasse" search={{}} className="mailbox-filter__clear">
              {t('mailbox.filterClear')}
            </Link>
          ) : null}
        </div>
      </div>
    </form>
  );
}

function MailboxListItem({
  email,
  open,
  onOpen,
}: {
  email: MailboxEmail;
  open: boolean;
  onOpen: (id: string) => void;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <li className={`mailbox-list__item${open ? ' mailbox-list__item--open' : ''}`} data-testid="mailbox-item">
      <button
        type="button"
        className="mailbox-list__open"
        aria-current={open ? 'true' : undefined}
        onClick={() => onOpen(email.id)}
      >
        {email.subject}
      </button>
      <p className="mailbox-list__meta">
        {t('mailbox.toLine', { to: email.to })}
        {' · '}
        <time dateTime={email.createdAt}>{formatDateTime(email.createdAt, locale)}</time>
        {' · '}
        {t(`mailbox.kinds.${email.kind}`)}
        {' · '}
        {t(`mailbox.statuses.${email.status}`)}
      </p>
    </li>
  );
}
