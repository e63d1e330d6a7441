import { loginSchema } from '@bok/shared/auth';
import { Link, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { SubmitActions, TextField } from '@/components/form-fields';
import { PageTitle } from '@/components/page-title';
import { ApiError } from '@/lib/api-client';
import { useSignIn } from '../api/session';
import { useFieldErrors } from '../components/use-field-errors';

/** E-mail and password, then (when the account asks for it) the code from the authenticator app. */
export function SignInRoute() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const signIn = useSignIn();
  const fields = useFieldErrors(t);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [askTotp, setAskTotp] = useState(false);
  const alertRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (signIn.isError) alertRef.current?.focus();
  }, [signIn.isError]);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (signIn.isPending) return;
    const login = fields.check(loginSchema, { email, password, ...(askTotp && totp ? { totp } : {}) });
    if (!login) return;
    signIn.mutate(login, {
      onSuccess: () => void navigate({ to: '/koordinator' }),
      onError: (error) => {
        if (error instanceof ApiError && error.problem?.code === 'totp_required') setAskTotp(true);
        fields.fromError(error);
      },
    });
  }

  let failure: string | null = null;
  if (signIn.error instanceof ApiError) {
    const { problem, retryAfterSeconds } = signIn.error;
    if (problem?.code === 'invalid_credentials') failure = t('coordinator.signIn.invalid');
    else if (problem?.code === 'totp_required') failure = t('coordinator.signIn.totpRequired');
    else if (problem?.code === 'rate_limited')
      failure = t('coordinator.signIn.rateLimited', { count: retryAfterSeconds ?? 60 });
    else if (problem?.code !== 'validation_failed') failure = t('coordinator.signIn.generic');
  } else if (signIn.isError) failure = t('coordinator.signIn.generic');

  return (
    <div className="dashboard dashboard--narrow">
      <PageTitle title={t('coordinator.signIn.title')} />
      <h1>{t('coordinator.signIn.title')}</h1>
      {failure ? <ErrorAlert ref={alertRef} message={failure} testId="sign-in-error" /> : null}
      <form className="form" noValidate onSubmit={onSubmit} data-testid="sign-in-form">
        <TextField
          id="sign-in-email"
          name="email"
          type="email"
          label={t('coordinator.signIn.email')}
          autoComplete="username"
          value={email}
          onChange={setEmail}
          error={fields.errorFor('email')}
        />
        <TextField
          id="sign-in-password"
          name="password"
          type="password"
          label={t('coordinator.signIn.password')}
          autoComplete="current-password"
          value={password}
          onChange={setPassword}
          error={fields.errorFor('password')}
        />
        {askTotp ? (
          <TextField
            id="sign-in-totp"
            name="totp"
            label={t('coordinator.signIn.totp')}
            hint={t('coordinator.signIn.totpHint')}
            autoComplete="one-time-code"
            inputMode="numeric"
            value={totp}
            onChange={setTotp}
            error={fields.errorFor('totp')}
          />
        ) : null}
        <SubmitActions
          label={t('coordinator.signIn.submit')}
          status={signIn.isPending ? t('coordinator.signIn.sending') : ''}
        />
      </form>
      <p>
        <Link to="/koordinator/glemt-adgangskode">{t('coordinator.forgot.link')}</Link>
      </p>
    </div>
  );
}
