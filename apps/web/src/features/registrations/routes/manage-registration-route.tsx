import type { Registration } from '@bok/shared/registrations';
import { getRouteApi } from '@tanstack/react-router';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading } from '@/components/loading';
import { NotFound } from '@/components/not-found';
import { PageTitle } from '@/components/page-title';
import { QueryError } from '@/components/query-error';
import { useLocale } from '@/i18n/use-locale';
import { ApiError } from '@/lib/api-client';
import { formatDateTime } from '@/lib/format-date';
import { useMeetingQuestions } from '../api/get-meeting-questions';
import { useRegistration } from '../api/get-registration';
import { CancelRegistration } from '../components/cancel-registration';
import { ConfirmRegistration } from '../components/confirm-registration';
import { EditRegistrationForm } from '../components/edit-registration-form';
import { RegistrationStatus } from '../components/registration-status';
import { forgetManageToken, readManageToken } from '../utils/manage-token-store';

const route = getRouteApi('/tilmelding/$registrationId');

type Props = {
  /** The meeting the registration is for, drawn by whoever composes this page. */
  meeting?: (meetingId: string) => ReactNode;
  /** The registration was cancelled or confirmed: the meeting's seats may have changed. */
  onCancelled?: (meetingId: string) => void;
};

export function ManageRegistrationRoute(props: Props) {
  const { registrationId } = route.useParams();
  const token = readManageToken(registrationId);
  // Without a token the API would answer 404 anyway; don't ask.
  if (!token) return <InvalidLink />;
  return <ManageRegistration key={registrationId} registrationId={registrationId} token={token} {...props} />;
}

function InvalidLink() {
  const { t } = useTranslation();
  return <NotFound title={t('manage.invalidTitle')} body={t('manage.invalidBody')} />;
}

function ManageRegistration({
  registrationId,
  token,
  meeting,
  onCancelled,
}: Props & { registrationId: string; token: string }) {
  const registration = useRegistration(registrationId, token);
  const notFound = registration.error instanceof ApiError && registration.error.status === 404;

  useEffect(() => {
    if (notFound) forgetManageToken(registrationId);
  }, [notFound, registrationId]);

  if (registration.data && !notFound) {
    return <ManagePage registration={registration.data} token={token} meeting={meeting} onCancelled={onCancelled} />;
  }
  if (notFound) return <InvalidLink />;
  if (registration.isError) {
    return <QueryError error={registration.error} onRetry={() => void registration.refetch()} headingLevel={1} />;
  }
  return <Loading />;
}

function ManagePage({
  registration,
  token,
  meeting,
  onCancelled,
}: Props & { registration: Registration; token: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const statusRef = useRef<HTMLDivElement>(null);
  const [justCancelled, setJustCancelled] = useState(false);
  const [justConfirmed, setJustConfirmed] = useState(false);
  const questions = useMeetingQuestions(registration.meetingId);
  const cancelled = registration.status === 'cancelled';
  const { holdExpiresAt } = registration;
  const awaitingConfirmation = !cancelled && holdExpiresAt !== null && registration.emailConfirmedAt === null;

  // After cancelling, the forms go away; the status saying so is where the reader continues.
  // After confirming, the status (now a seat or a waitlist place) is what they came to see.
  useEffect(() => {
    if ((justCancelled && cancelled) || (justConfirmed && !awaitingConfirmation)) statusRef.current?.focus();
  }, [justCancelled, cancelled, justConfirmed, awaitingConfirmation]);

  return (
    <div className="manage">
      <PageTitle title={t('manage.title')} />
      <h1>{t('manage.title')}</h1>
      {meeting?.(registration.meetingId)}

      {awaitingConfirmation && holdExpiresAt ? (
        <section aria-labelledby="manage-confirm-heading" className="section manage__section">
          <h2 id="manage-confirm-heading">{t('manage.confirm.heading')}</h2>
          <ConfirmRegistration
            registration={{ ...registration, holdExpiresAt }}
            token={token}
            onConfirmed={() => {
              setJustConfirmed(true);
              onCancelled?.(registration.meetingId);
            }}
            onLapsed={() => setJustCancelled(true)}
          />
        </section>
      ) : null}

      <section aria-labelledby="manage-status-heading" className="section manage__section">
        <h2 id="manage-status-heading">{t('manage.statusHeading')}</h2>
        <RegistrationStatus ref={statusRef} registration={registration} />
        {justConfirmed && !awaitingConfirmation ? (
          <p role="status" data-testid="confirmed-notice">
            {registration.status === 'confirmed' ? t('manage.confirm.doneSeat') : t('manage.confirm.doneWaitlist')}
          </p>
        ) : null}
      </section>

      <section aria-labelledby="manage-details-heading" className="section manage__section">
        <h2 id="manage-details-heading">{t('manage.detailsHeading')}</h2>
        <dl className="facts">
          <div className="facts__row">
            <dt>{t('registration.name')}</dt>
            <dd>{registration.name}</dd>
          </div>
          <div className="facts__row">
            <dt>{t('registration.email')}</dt>
            <dd>{registration.email}</dd>
          </div>
          <div className="facts__row">
            <dt>{t('manage.registeredAt')}</dt>
            <dd>
              <time dateTime={registration.createdAt}>{formatDateTime(registration.createdAt, locale)}</time>
            </dd>
          </div>
        </dl>
        <p className="field__hint">{t('manage.identityNote')}</p>
      </section>

      {cancelled ? null : (
        <>
          <section aria-labelledby="manage-edit-heading" className="section manage__section">
            <h2 id="manage-edit-heading">{t('manage.editHeading')}</h2>
            <EditRegistrationForm registration={registration} token={token} questions={questions.data ?? []} />
          </section>
          <section aria-labelledby="manage-cancel-heading" className="section manage__section">
            <h2 id="manage-cancel-heading">{t('manage.cancelHeading')}</h2>
            <CancelRegistration
              registration={registration}
              token={token}
              onCancelled={() => {
                setJustCancelled(true);
                onCancelled?.(registration.meetingId);
              }}
            />
          </section>
        </>
      )}
    </div>
  );
}
