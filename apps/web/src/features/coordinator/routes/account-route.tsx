import {
  passwordChangeSchema,
  type Session,
  type TotpSetup,
  totpDisableSchema,
  totpEnableSchema,
} from '@bok/shared/auth';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { SubmitActions, TextField } from '@/components/form-fields';
import { Loading } from '@/components/loading';
import { PageTitle } from '@/components/page-title';
import { QueryError } from '@/components/query-error';
import { useLocale } from '@/i18n/use-locale';
import { formatDateTime } from '@/lib/format-date';
import {
  useChangePassword,
  useEndSession,
  useSessions,
  useSignOutEverywhere,
  useTotpDisable,
  useTotpEnable,
  useTotpSetup,
} from '../api/account';
import { useSession } from '../api/session';
import { CoordinatorGate } from '../components/coordinator-gate';
import { credentialMessage, requestProblem, useFieldErrors } from '../components/use-field-errors';

/** The coordinator's own account: password, two-factor sign-in, and where they are signed in. */
export function AccountRoute() {
  const { t } = useTranslation();
  return (
    <CoordinatorGate>
      <PageTitle title={t('coordinator.account.title')} />
      <h1>{t('coordinator.account.title')}</h1>
      <PasswordChange />
      <TwoFactor />
      <Sessions />
    </CoordinatorGate>
  );
}

function PasswordChange() {
  const { t } = useTranslation();
  const id = useId();
  const change = useChangePassword();
  const fields = useFieldErrors(t);
  const [values, setValues] = useState({ currentPassword: '', newPassword: '', repeat: '' });
  const [mismatch, setMismatch] = useState(false);
  const set = (name: keyof typeof values) => (value: string) => setValues((current) => ({ ...current, [name]: value }));

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (change.isPending) return;
    const body = fields.check(passwordChangeSchema, {
      currentPassword: values.currentPassword,
      newPassword: values.newPassword,
    });
    const same = values.newPassword === values.repeat;
    setMismatch(!same);
    if (!body || !same) return;
    change.mutate(body, {
      onSuccess: () => setValues({ currentPassword: '', newPassword: '', repeat: '' }),
      onError: (error) => fields.fromError(error),
    });
  }

  return (
    <section aria-labelledby={`${id}-heading`} className="section">
      <h2 id={`${id}-heading`}>{t('coordinator.account.password.heading')}</h2>
      <form className="form" noValidate onSubmit={onSubmit} data-testid="password-change">
        {change.isError && fields.issues.length === 0 ? <ErrorAlert message={requestProblem(t, change.error)} /> : null}
        <TextField
          id={`${id}-current`}
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          label={t('coordinator.account.password.current')}
          value={values.currentPassword}
          onChange={set('currentPassword')}
          error={credentialMessage(t, fields, 'currentPassword')}
        />
        <TextField
          id={`${id}-new`}
          name="newPassword"
          type="password"
          autoComplete="new-password"
          label={t('coordinator.account.password.new')}
          hint={t('coordinator.reset.hint')}
          value={values.newPassword}
          onChange={set('newPassword')}
          error={credentialMessage(t, fields, 'newPassword')}
        />
        <TextField
          id={`${id}-repeat`}
          name="repeat"
          type="password"
          autoComplete="new-password"
          label={t('coordinator.reset.repeat')}
          value={values.repeat}
          onChange={set('repeat')}
          error={mismatch ? t('coordinator.reset.mismatch') : undefined}
        />
        <SubmitActions
          label={t('coordinator.account.password.submit')}
          status={
            change.isPending
              ? t('coordinator.account.saving')
              : change.isSuccess
                ? t('coordinator.account.password.done')
                : ''
          }
        />
      </form>
    </section>
  );
}

/** otpauth:// as a QR code for the authenticator app; drawn here, so the secret never leaves the page. */
function QrCode({ uri, label }: { uri: string; label: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    void import('qrcode')
      .then((qrcode) => qrcode.toDataURL(uri, { margin: 2, width: 200 }))
      .then((url) => {
        if (current) setSrc(url);
      });
    return () => {
      current = false;
    };
  }, [uri]);
  return src ? <img className="qr-code" src={src} alt={label} width={200} height={200} /> : <Loading />;
}

function TwoFactor() {
  const { t } = useTranslation();
  const id = useId();
  const session = useSession();
  const setup = useTotpSetup();
  const enable = useTotpEnable();
  const disable = useTotpDisable();
  const fields = useFieldErrors(t);
  const [pending, setPending] = useState<TotpSetup | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const enabled = session.data?.coordinator.totpEnabled ?? false;
  const failed = [setup, enable, disable].find((mutation) => mutation.isError);

  function start() {
    fields.clear();
    setup.mutate(undefined, { onSuccess: (started) => setPending(started) });
  }

  function onEnable(event: FormEvent) {
    event.preventDefault();
    if (enable.isPending) return;
    const body = fields.check(totpEnableSchema, { code });
    if (!body) return;
    enable.mutate(body, {
      onSuccess: ({ recoveryCodes: codes }) => {
        setRecoveryCodes(codes);
        setPending(null);
        setCode('');
      },
      onError: (error) => fields.fromError(error),
    });
  }

  function onDisable(event: FormEvent) {
    event.preventDefault();
    if (disable.isPending) return;
    const body = fields.check(totpDisableSchema, { password });
    if (!body) return;
    disable.mutate(body, {
      onSuccess: () => setPassword(''),
      onError: (error) => fields.fromError(error),
    });
  }

  return (
    <section aria-labelledby={`${id}-heading`} className="section" data-testid="two-factor">
      <h2 id={`${id}-heading`}>{t('coordinator.account.totp.heading')}</h2>
      {failed && fields.issues.length === 0 ? <ErrorAlert message={requestProblem(t, failed.error)} /> : null}
      {recoveryCodes ? (
        <div className="notice" role="status" data-testid="recovery-codes">
          <p className="notice__title">{t('coordinator.account.totp.recoveryTitle')}</p>
          <p>{t('coordinator.account.totp.recoveryIntro')}</p>
          <ul className="recovery-codes">
            {recoveryCodes.map((recovery) => (
              <li key={recovery}>
                <code>{recovery}</code>
              </li>
            ))}
          </ul>
          <button type="button" className="button button--secondary" onClick={() => setRecoveryCodes(null)}>
            {t('coordinator.account.totp.recoverySaved')}
          </button>
        </div>
      ) : null}
      {enabled ? (
        <form className="form" noValidate onSubmit={onDisable}>
          <p>{t('coordinator.account.totp.on')}</p>
          <TextField
            id={`${id}-password`}
            name="password"
            type="password"
            autoComplete="current-password"
            label={t('coordinator.account.totp.password')}
            value={password}
            onChange={setPassword}
            error={credentialMessage(t, fields, 'password')}
          />
          <SubmitActions
            label={t('coordinator.account.totp.disable')}
            status={disable.isPending ? t('coordinator.account.saving') : ''}
          />
        </form>
      ) : pending ? (
        <form className="form" noValidate onSubmit={onEnable}>
          <p>{t('coordinator.account.totp.scan')}</p>
          <QrCode uri={pending.uri} label={t('coordinator.account.totp.qrLabel')} />
          <p>
            {t('coordinator.account.totp.secret')} <code data-testid="totp-secret">{pending.secret}</code>
          </p>
          <TextField
            id={`${id}-code`}
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            label={t('coordinator.signIn.totp')}
            value={code}
            onChange={setCode}
            error={credentialMessage(t, fields, 'code')}
          />
          <SubmitActions
            label={t('coordinator.account.totp.enable')}
            status={enable.isPending ? t('coordinator.account.saving') : ''}
          >
            <button type="button" className="button button--secondary" onClick={() => setPending(null)}>
              {t('coordinator.account.totp.cancel')}
            </button>
          </SubmitActions>
        </form>
      ) : (
        <>
          <p>{t('coordinator.account.totp.off')}</p>
          <button type="button" className="button" onClick={start} disabled={setup.isPending}>
            {t('coordinator.account.totp.start')}
          </button>
        </>
      )}
    </section>
  );
}

/** "Firefox on Linux" from a User-Agent string: enough to recognise one's own devices. */
export function describeDevice(userAgent: string | null, unknown: string): string {
  if (!userAgent) return unknown;
  const browser =
    [
      ['Edg/', 'Edge'],
      ['Firefox/', 'Firefox'],
      ['Chrome/', 'Chrome'],
      ['Safari/', 'Safari'],
    ].find(([marker]) => userAgent.includes(marker!))?.[1] ?? null;
  const system =
    [
      ['Android', 'Android'],
      ['iPhone', 'iPhone'],
      ['iPad', 'iPad'],
      ['Windows', 'Windows'],
      ['Mac OS X', 'macOS'],
      ['Linux', 'Linux'],
    ].find(([marker]) => userAgent.includes(marker!))?.[1] ?? null;
  return [browser, system].filter(Boolean).join(' · ') || userAgent.slice(0, 60);
}

function Sessions() {
  const { t } = useTranslation();
  const id = useId();
  const sessions = useSessions();
  const end = useEndSession();
  const everywhere = useSignOutEverywhere();
  return (
    <section aria-labelledby={`${id}-heading`} className="section">
      <h2 id={`${id}-heading`}>{t('coordinator.account.sessions.heading')}</h2>
      <p>{t('coordinator.account.sessions.intro')}</p>
      {sessions.isPending ? <Loading /> : null}
      {sessions.isError ? <QueryError error={sessions.error} onRetry={() => void sessions.refetch()} /> : null}
      {end.isError ? <ErrorAlert message={requestProblem(t, end.error)} /> : null}
      {everywhere.isError ? <ErrorAlert message={requestProblem(t, everywhere.error)} /> : null}
      {sessions.data ? <SessionTable items={sessions.data.items} onEnd={(sessionId) => end.mutate(sessionId)} /> : null}
      <p>
        <button
          type="button"
          className="button button--danger-outline"
          onClick={() => everywhere.mutate()}
          disabled={everywhere.isPending}
        >
          {t('coordinator.account.sessions.everywhere')}
        </button>
      </p>
    </section>
  );
}

function SessionTable({ items, onEnd }: { items: Session[]; onEnd(sessionId: string): void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <div className="table-scroll table-scroll--wide">
      <table className="followers" data-testid="sessions">
        <thead>
          <tr>
            <th scope="col">{t('coordinator.account.sessions.device')}</th>
            <th scope="col">{t('coordinator.account.sessions.address')}</th>
            <th scope="col">{t('coordinator.account.sessions.signedIn')}</th>
            <th scope="col">{t('coordinator.account.sessions.lastSeen')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('coordinator.account.sessions.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((session) => {
            const device = describeDevice(session.userAgent, t('coordinator.account.sessions.unknownDevice'));
            return (
              <tr key={session.id}>
                <td>{device}</td>
                <td>{session.ip ?? '–'}</td>
                <td>
                  <time dateTime={session.createdAt}>{formatDateTime(session.createdAt, locale)}</time>
                </td>
                <td>
                  <time dateTime={session.lastSeenAt}>{formatDateTime(session.lastSeenAt, locale)}</time>
                </td>
                <td>
                  {session.current ? (
                    t('coordinator.account.sessions.current')
                  ) : (
                    <button type="button" className="button button--secondary" onClick={() => onEnd(session.id)}>
                      {t('coordinator.account.sessions.end', { device })}
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
