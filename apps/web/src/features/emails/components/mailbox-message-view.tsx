import type { MailboxMessage } from '@bok/shared/emails';
import { type Ref, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading } from '@/components/loading';
import { QueryError } from '@/components/query-error';
import { useLocale } from '@/i18n/use-locale';
import { formatDateTime } from '@/lib/format-date';
import { useMailboxMessage } from '../api/get-mailbox-message';
import { LinkedText, manageLinkPath } from './linked-text';

/** One e-mail as it would have arrived; its heading takes focus when it is opened. */
export function MailboxMessageView({ id }: { id: string }) {
  const message = useMailboxMessage(id);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const loaded = message.data?.id;

  useEffect(() => {
    if (loaded) headingRef.current?.focus();
  }, [loaded]);

  if (message.data) return <Message message={message.data} headingRef={headingRef} />;
  if (message.isError) return <QueryError error={message.error} onRetry={() => void message.refetch()} />;
  return <Loading />;
}

function Message({ message, headingRef }: { message: MailboxMessage; headingRef: Ref<HTMLHeadingElement> }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const manageLink = manageLinkPath(message.text);
  const recipient = message.toName ? `${message.toName} <${message.to}>` : message.to;

  return (
    <article className="mailbox-message" aria-labelledby="mailbox-message-title" data-testid="mailbox-message">
      <h2 id="mailbox-message-title" ref={headingRef} tabIndex={-1}>
        {message.subject}
      </h2>
      <dl className="facts mailbox-message__facts">
        <div className="facts__row">
          <dt>{t('mailbox.to')}</dt>
          <dd>{recipient}</dd>
        </div>
        <div className="facts__row">
          <dt>{t('mailbox.kind')}</dt>
          <dd>{t(`mailbox.kinds.${message.kind}`)}</dd>
        </div>
        <div className="facts__row">
          <dt>{t('mailbox.created')}</dt>
          <dd>
            <time dateTime={message.createdAt}>{formatDateTime(message.createdAt, locale)}</time>
          </dd>
        </div>
        <div className="facts__row">
          <dt>{t('mailbox.status')}</dt>
          <dd>
            {t(`mailbox.statuses.${message.status}`)}
            {message.lastError ? ` (${message.lastError})` : null}
          </dd>
        </div>
        <div className="facts__row">
          <dt>{t('mailbox.language')}</dt>
          <dd>{t(`language.${message.locale}`)}</dd>
        </div>
        {message.hasCalendar ? (
          <div className="facts__row">
            <dt>{t('mailbox.attachment')}</dt>
            <dd>{t('mailbox.calendarAttached')}</dd>
          </div>
        ) : null}
      </dl>

      {manageLink ? (
        <p>
          <a href={manageLink} className="button" data-testid="mailbox-manage-link">
            {t('mailbox.openManageLink')}
          </a>
        </p>
      ) : null}

      <h3>{t('mailbox.text')}</h3>
      <pre className="mailbox-message__text" data-testid="mailbox-text">
        <LinkedText text={message.text} />
      </pre>

      {message.html ? (
        <>
          <h3>{t('mailbox.html')}</h3>
          {/* sandbox="" : the e-mail's HTML runs no scripts, submits nothing and cannot reach this page. */}
          <iframe
            className="mailbox-message__html"
            title={t('mailbox.htmlFrameTitle', { subject: message.subject })}
            sandbox=""
            srcDoc={message.html}
            data-testid="mailbox-html"
          />
        </>
      ) : null}

      {message.ics ? (
        <details className="mailbox-message__ics">
          <summary>{t('mailbox.showIcs')}</summary>
          <pre>{message.ics}</pre>
        </details>
      ) : null}
    </article>
  );
}
