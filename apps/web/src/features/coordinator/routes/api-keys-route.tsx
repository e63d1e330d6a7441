import { type ApiKey, type ApiKeyCreated, type ApiScope, apiKeyCreateSchema, apiScopes } from '@bok/shared/api-keys';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { CheckboxField, FieldError, SubmitActions, TextField } from '@/components/form-fields';
import { Loading } from '@/components/loading';
import { PageTitle } from '@/components/page-title';
import { QueryError } from '@/components/query-error';
import { useLocale } from '@/i18n/use-locale';
import { formatDateTime } from '@/lib/format-date';
import { useApiKeys, useCreateApiKey, useRevokeApiKey } from '../api/api-keys';
import { CoordinatorGate } from '../components/coordinator-gate';
import { requestProblem, useFieldErrors } from '../components/use-field-errors';

/** Keys for other tools: each with the scopes it needs, shown once, revocable, its last use visible. */
export function ApiKeysRoute() {
  const { t } = useTranslation();
  const [created, setCreated] = useState<ApiKeyCreated | null>(null);
  return (
    <CoordinatorGate>
      <PageTitle title={t('coordinator.apiKeys.title')} />
      <h1>{t('coordinator.apiKeys.title')}</h1>
      <p>{t('coordinator.apiKeys.intro')}</p>
      {created ? <CreatedKey created={created} onDone={() => setCreated(null)} /> : null}
      <NewApiKeyForm onCreated={setCreated} />
      <ApiKeyList />
    </CoordinatorGate>
  );
}

/** The key itself, this once: the API keeps only its hash. */
function CreatedKey({ created, onDone }: { created: ApiKeyCreated; onDone(): void }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const copy = () =>
    void navigator.clipboard?.writeText(created.key).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  return (
    <div className="notice" role="status" data-testid="created-api-key">
      <p className="notice__title">{t('coordinator.apiKeys.createdTitle', { name: created.name })}</p>
      <p>{t('coordinator.apiKeys.createdIntro')}</p>
      <p>
        <code className="api-key" data-testid="api-key-value">
          {created.key}
        </code>
      </p>
      <div className="form-actions">
        <button type="button" className="button button--secondary" onClick={copy}>
          {copied ? t('coordinator.apiKeys.copied') : t('coordinator.apiKeys.copy')}
        </button>
        <button type="button" className="button" onClick={onDone}>
          {t('coordinator.apiKeys.stored')}
        </button>
      </div>
    </div>
  );
}

function NewApiKeyForm({ onCreated }: { onCreated(created: ApiKeyCreated): void }) {
  const { t } = useTranslation();
  const id = useId();
  const create = useCreateApiKey();
  const fields = useFieldErrors(t);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ReadonlySet<ApiScope>>(new Set());
  const toggle = (scope: ApiScope, on: boolean) =>
    setScopes((current) => {
      const next = new Set(current);
      if (on) next.add(scope);
      else next.delete(scope);
      return next;
    });

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (create.isPending) return;
    const key = fields.check(apiKeyCreateSchema, { name, scopes: [...scopes] });
    if (!key) return;
    create.mutate(key, {
      onSuccess: (created) => {
        setName('');
        setScopes(new Set());
        onCreated(created);
      },
      onError: (error) => fields.fromError(error),
    });
  }

  const scopesError = fields.errorFor('scopes') ? t('coordinator.apiKeys.scopesRequired') : undefined;
  return (
    <section aria-labelledby={`${id}-heading`} className="section">
      <h2 id={`${id}-heading`}>{t('coordinator.apiKeys.newHeading')}</h2>
      <form className="form" noValidate onSubmit={onSubmit} data-testid="new-api-key">
        {create.isError && fields.issues.length === 0 ? <ErrorAlert message={requestProblem(t, create.error)} /> : null}
        <TextField
          id={`${id}-name`}
          name="name"
          label={t('coordinator.apiKeys.name')}
          hint={t('coordinator.apiKeys.nameHint')}
          value={name}
          onChange={setName}
          error={fields.errorFor('name')}
        />
        <fieldset
          className={`field${scopesError ? ' field--error' : ''}`}
          aria-describedby={scopesError ? `${id}-scopes-error` : undefined}
        >
          <legend className="field__label">{t('coordinator.apiKeys.scopes')}</legend>
          <FieldError id={`${id}-scopes`} error={scopesError} />
          <div className="form-actions">
            <button type="button" className="button button--secondary" onClick={() => setScopes(new Set(apiScopes))}>
              {t('coordinator.apiKeys.all')}
            </button>
            <button type="button" className="button button--secondary" onClick={() => setScopes(new Set())}>
              {t('coordinator.apiKeys.none')}
            </button>
          </div>
          {apiScopes.map((scope) => (
            <CheckboxField
              key={scope}
              id={`${id}-${scope}`}
              label={
                <>
                  <code>{scope}</code> {t(`coordinator.apiKeys.scopeNames.${scope}`)}
                </>
              }
              checked={scopes.has(scope)}
              onChange={(on) => toggle(scope, on)}
            />
          ))}
        </fieldset>
        <SubmitActions
          label={t('coordinator.apiKeys.create')}
          status={create.isPending ? t('coordinator.account.saving') : ''}
        />
      </form>
    </section>
  );
}

function ApiKeyList() {
  const { t } = useTranslation();
  const id = useId();
  const keys = useApiKeys();
  const revoke = useRevokeApiKey();
  const [confirming, setConfirming] = useState<string | null>(null);
  return (
    <section aria-labelledby={`${id}-heading`} className="section">
      <h2 id={`${id}-heading`}>{t('coordinator.apiKeys.listHeading')}</h2>
      {keys.isPending ? <Loading /> : null}
      {keys.isError ? <QueryError error={keys.error} onRetry={() => void keys.refetch()} /> : null}
      {revoke.isError ? <ErrorAlert message={requestProblem(t, revoke.error)} /> : null}
      {keys.data && keys.data.items.length === 0 ? <p>{t('coordinator.apiKeys.empty')}</p> : null}
      {keys.data && keys.data.items.length > 0 ? (
        <div className="table-scroll table-scroll--wide">
          <table className="followers" data-testid="api-keys">
            <thead>
              <tr>
                <th scope="col">{t('coordinator.apiKeys.name')}</th>
                <th scope="col">{t('coordinator.apiKeys.scopes')}</th>
                <th scope="col">{t('coordinator.apiKeys.createdAt')}</th>
                <th scope="col">{t('coordinator.apiKeys.lastUsed')}</th>
                <th scope="col">{t('coordinator.apiKeys.state')}</th>
              </tr>
            </thead>
            <tbody>
              {keys.data.items.map((key) => (
                <ApiKeyRow
                  key={key.id}
                  apiKey={key}
                  confirming={confirming === key.id}
                  onAsk={() => setConfirming(key.id)}
                  onCancel={() => setConfirming(null)}
                  onRevoke={() => revoke.mutate(key.id, { onSettled: () => setConfirming(null) })}
                />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

function ApiKeyRow({
  apiKey,
  confirming,
  onAsk,
  onCancel,
  onRevoke,
}: {
  apiKey: ApiKey;
  confirming: boolean;
  onAsk(): void;
  onCancel(): void;
  onRevoke(): void;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <tr data-revoked={apiKey.revokedAt ? 'true' : undefined}>
      <td>
        {apiKey.name}
        <br />
        <code>{apiKey.prefix}…</code>
      </td>
      <td>
        <ul className="scope-list">
          {apiKey.scopes.map((scope) => (
            <li key={scope}>
              <code>{scope}</code>
            </li>
          ))}
        </ul>
      </td>
      <td>
        <time dateTime={apiKey.createdAt}>{formatDateTime(apiKey.createdAt, locale)}</time>
        {apiKey.createdBy ? <> · {apiKey.createdBy.name}</> : null}
      </td>
      <td>
        {apiKey.lastUsedAt ? (
          <time dateTime={apiKey.lastUsedAt}>{formatDateTime(apiKey.lastUsedAt, locale)}</time>
        ) : (
          t('coordinator.apiKeys.neverUsed')
        )}
      </td>
      <td>
        {apiKey.revokedAt ? (
          <>
            {t('coordinator.apiKeys.revoked')}{' '}
            <time dateTime={apiKey.revokedAt}>{formatDateTime(apiKey.revokedAt, locale)}</time>
          </>
        ) : confirming ? (
          <div className="form-actions">
            <button type="button" className="button button--danger-outline" onClick={onRevoke}>
              {t('coordinator.apiKeys.confirmRevoke', { name: apiKey.name })}
            </button>
            <button type="button" className="button button--secondary" onClick={onCancel}>
              {t('coordinator.apiKeys.keep')}
            </button>
          </div>
        ) : (
          <button type="button" className="button button--secondary" onClick={onAsk}>
            {t('coordinator.apiKeys.revoke', { name: apiKey.name })}
          </button>
        )}
      </td>
    </tr>
  );
}
