import { passwordResetConfirmSchema, passwordResetRequestSchema } from '@bok/shared/auth';
import { useMutation } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { ErrorAlert } from '@/components/error-alert';
import { SubmitActions, TextField } from '@/components/form-fields';
import { PageTitle } from '@/components/page-title';
import { useLocale } from '@/i18n/use-locale';
import { ApiError, apiRequest } from '@/lib/api-client';
import { credentialMessage, requestProblem, useFieldErrors } from '../components/use-field-errors';
import { forgetPasswordResetToken, readPasswordResetToken } from './password-reset-token';

/** Asks for a reset link. The answer is the same whatever the address, so it tells nobody who is a coordinator. */
export function ForgotPasswordRoute() {
  const { t } = useTranslation();
  const locale = useLocale();
  const fields = useFieldErrors(t);
  const [email, setEmail] = useState('');
  const request = useMutation({
    mutationFn: (body: z.output<typeof passwordResetRequestSchema>) =>
      // 202 with a null body, as the API documents it.
      apiRequest('/auth/password-reset', z.null(), { method: 'POST', body }),
  });

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (request.isPending) return;
    const body = fields.check(passwordResetRequestSchema, { email, locale });
    if (body) request.mutate(body, { onError: (error) => fields.fromError(error) });
  }

  return (
    <div className="dashboard dashboard--narrow">
      <PageTitle title={t('coordinator.forgot.title')} />
      <h1>{t('coordinator.forgot.title')}</h1>
      {request.isSuccess ? (
        <p role="status" data-testid="reset-requested">
          {t('coordinator.forgot.sent')}
        </p>
      ) : (
        <form className="form" noValidate onSubmit={onSubmit}>
          <p>{t('coordinator.forgot.intro')}</p>
          {request.isError && fields.issues.length === 0 ? (
            <ErrorAlert message={requestProblem(t, request.error)} />
          ) : null}
          <TextField
            id="forgot-email"
            name="email"
            type="email"
            autoComplete="username"
            label={t('coordinator.signIn.email')}
            value={email}
            onChange={setEmail}
            error={fields.errorFor('email')}
          />
          <SubmitActions
            label={t('coordinator.forgot.submit')}
            status={request.isPending ? t('coordinator.forgot.sending') : ''}
          />
        </form>
      )}
    </div>
  );
}

/** A new password with the e-mailed token; every session of the account ends. */
export function NewPasswordRoute() {
  const { t } = useTranslation();
  const fields = useFieldErrors(t);
  const [token] = useState(readPasswordResetToken);
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const confirm = useMutation({
    mutationFn: (body: z.output<typeof passwordResetConfirmSchema>) =>
      apiRequest('/auth/password-reset/confirm', z.undefined(), { method: 'POST', body }),
    onSuccess: () => forgetPasswordResetToken(),
  });

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (confirm.isPending || !token) return;
    const body = fields.check(passwordResetConfirmSchema, { token, password });
    setMismatch(Boolean(body) && password !== repeat);
    if (!body || password !== repeat) return;
    confirm.mutate(body, { onError: (error) => fields.fromError(error) });
  }

  const invalidLink = confirm.error instanceof ApiError && confirm.error.problem?.code === 'reset_link_invalid';
  return (
    <div className="dashboard dashboard--narrow">
      <PageTitle title={t('coordinator.reset.title')} />
      <h1>{t('coordinator.reset.title')}</h1>
      {!token ? <ErrorAlert message={t('coordinator.reset.noToken')} /> : null}
      {invalidLink ? <ErrorAlert message={t('coordinator.reset.invalid')} testId="reset-invalid" /> : null}
      {confirm.isSuccess ? (
        <p role="status" data-testid="reset-done">
          {t('coordinator.reset.done')} <Link to="/koordinator/log-ind">{t('coordinator.reset.signIn')}</Link>
        </p>
      ) : token ? (
        <form className="form" noValidate onSubmit={onSubmit}>
          <TextField
            id="reset-password"
            name="password"
            type="password"
            autoComplete="new-password"
            label={t('coordinator.reset.password')}
            hint={t('coordinator.reset.hint')}
            value={password}
            onChange={setPassword}
            error={credentialMessage(t, fields, 'password')}
          />
          <TextField
            id="reset-repeat"
            name="repeat"
            type="password"
            autoComplete="new-password"
            label={t('coordinator.reset.repeat')}
            value={repeat}
            onChange={setRepeat}
            error={mismatch ? t('coordinator.reset.mismatch') : undefined}
          />
          <SubmitActions
            label={t('coordinator.reset.submit')}
            status={confirm.isPending ? t('coordinator.reset.sending') : ''}
          />
        </form>
      ) : null}
      {!token || invalidLink ? (
        <p>
          <Link to="/koordinator/glemt-adgangskode">{t('coordinator.forgot.title')}</Link>
        </p>
      ) : null}
    </div>
  );
}
