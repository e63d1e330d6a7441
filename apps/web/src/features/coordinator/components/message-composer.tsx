import { type MessageAudience, messageAudienceSchema, messageCreateSchema } from '@bok/shared/messages';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { SelectField, SubmitActions, TextAreaField, TextField } from '@/components/form-fields';
import { QueryError } from '@/components/query-error';
import { useLocale } from '@/i18n/use-locale';
import { formatDateTime } from '@/lib/format-date';
import { useMessages, usePreviewMessage, useSendMessage } from '../api/messages';
import { requestProblem, useFieldErrors } from './use-field-errors';

/**
 * Write to the seats, the waitlist or those who came: first a preview (how many it reaches, the
 * e-mail as it reads), then send. The meeting keeps what was sent.
 */
export function MessageComposer({ meetingId }: { meetingId: string }) {
  const { t } = useTranslation();
  const id = useId();
  const preview = usePreviewMessage(meetingId);
  const send = useSendMessage(meetingId);
  const fields = useFieldErrors(t);
  const [values, setValues] = useState<{ audience: MessageAudience; subject: string; body: string }>({
    audience: 'confirmed',
    subject: '',
    body: '',
  });
  const [sentTo, setSentTo] = useState<number | null>(null);
  const set = (patch: Partial<typeof values>) => {
    setValues((current) => ({ ...current, ...patch }));
    // A changed message needs a new look before it goes.
    preview.reset();
  };
  const failed = send.isError ? send.error : preview.isError ? preview.error : null;

  function onPreview(event: FormEvent) {
    event.preventDefault();
    const message = fields.check(messageCreateSchema, values);
    if (!message) return;
    setSentTo(null);
    preview.mutate(message, { onError: (error) => fields.fromError(error) });
  }

  function onSend() {
    const message = fields.check(messageCreateSchema, values);
    if (!message || send.isPending) return;
    send.mutate(message, {
      onSuccess: (sent) => {
        setSentTo(sent.recipientCount);
        preview.reset();
        setValues((current) => ({ ...current, subject: '', body: '' }));
      },
      onError: (error) => fields.fromError(error),
    });
  }

  return (
    <section aria-labelledby={`${id}-heading`} className="section no-print" data-testid="message-composer">
      <h2 id={`${id}-heading`}>{t('coordinator.messages.heading')}</h2>
      <form className="form" noValidate onSubmit={onPreview}>
        {failed && fields.issues.length === 0 ? <ErrorAlert message={requestProblem(t, failed)} /> : null}
        {fields.issues.some((issue) => issue.field === 'audience') ? (
          <ErrorAlert message={t('coordinator.messages.audienceEmpty')} />
        ) : null}
        <SelectField
          id={`${id}-audience`}
          label={t('coordinator.messages.audience')}
          value={values.audience}
          options={messageAudienceSchema.options.map(
            (audience) => [audience, t(`coordinator.messages.audiences.${audience}`)] as const,
          )}
          onChange={(audience) => set({ audience: messageAudienceSchema.parse(audience) })}
        />
        <TextField
          id={`${id}-subject`}
          name="subject"
          label={t('coordinator.messages.subject')}
          value={values.subject}
          onChange={(subject) => set({ subject })}
          error={fields.errorFor('subject')}
        />
        <TextAreaField
          id={`${id}-body`}
          name="body"
          rows={6}
          label={t('coordinator.messages.body')}
          hint={t('coordinator.messages.bodyHint')}
          value={values.body}
          onChange={(body) => set({ body })}
          error={fields.errorFor('body')}
        />
        <SubmitActions
          label={t('coordinator.messages.preview')}
          status={
            preview.isPending
              ? t('coordinator.messages.previewing')
              : sentTo !== null
                ? t('coordinator.messages.sent', { count: sentTo })
                : ''
          }
        />
      </form>
      {preview.data ? (
        <div className="notice" data-testid="message-preview">
          <p className="notice__title">
            {t('coordinator.messages.previewTitle', { count: preview.data.recipientCount })}
          </p>
          <p>
            <strong>{preview.data.subject}</strong>
          </p>
          <pre className="message-preview__text">{preview.data.text}</pre>
          <button type="button" className="button" onClick={onSend} disabled={send.isPending}>
            {t('coordinator.messages.send', { count: preview.data.recipientCount })}
          </button>
        </div>
      ) : null}
      <MessageHistory meetingId={meetingId} />
    </section>
  );
}

function MessageHistory({ meetingId }: { meetingId: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const messages = useMessages(meetingId);
  if (messages.isError) return <QueryError error={messages.error} onRetry={() => void messages.refetch()} />;
  if (!messages.data || messages.data.items.length === 0) return null;
  return (
    <>
      <h3>{t('coordinator.messages.history')}</h3>
      <ul className="message-history" data-testid="message-history">
        {messages.data.items.map((message) => (
          <li key={message.id}>
            <details>
              <summary>
                <time dateTime={message.createdAt}>{formatDateTime(message.createdAt, locale)}</time>
                {' · '}
                {message.subject}
                {' · '}
                {t('coordinator.messages.reached', {
                  count: message.recipientCount,
                  audience: t(`coordinator.messages.audiences.${message.audience}`),
                })}
              </summary>
              <p className="message-preview__text">{message.body}</p>
              {message.sentBy.name ? <p>{t('coordinator.messages.sentBy', { name: message.sentBy.name })}</p> : null}
            </details>
          </li>
        ))}
      </ul>
    </>
  );
}
