import type { Registration } from '@bok/shared/registrations';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { useCancelRegistration } from '../api/cancel-registration';
import { manageErrorMessage } from './manage-error-message';

type Props = { registration: Registration; token: string; onCancelled: () => void };

/** Cancelling takes two steps: a slip of the finger must not give away a seat. */
export function CancelRegistration({ registration, token, onCancelled }: Props) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const [stepChanges, setStepChanges] = useState(0);
  const questionRef = useRef<HTMLParagraphElement>(null);
  const startRef = useRef<HTMLButtonElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  const mutation = useCancelRegistration();
  const waitlisted = registration.status === 'waitlisted';

  // Focus follows the step: the question when asked, the button again when the answer was no.
  useEffect(() => {
    if (stepChanges === 0) return;
    (confirming ? questionRef.current : startRef.current)?.focus();
  }, [confirming, stepChanges]);

  useEffect(() => {
    if (mutation.isError) alertRef.current?.focus();
  }, [mutation.isError]);

  function step(next: boolean) {
    mutation.reset();
    setConfirming(next);
    setStepChanges((count) => count + 1);
  }

  return (
    <div className="cancel-registration">
      <p>{waitlisted ? t('manage.cancel.introWaitlisted') : t('manage.cancel.intro')}</p>
      {confirming ? (
        <div className="cancel-registration__confirm" data-testid="cancel-confirmation">
          <p ref={questionRef} tabIndex={-1} className="cancel-registration__question" id="cancel-question">
            {waitlisted ? t('manage.cancel.questionWaitlisted') : t('manage.cancel.question')}
          </p>
          {mutation.isError ? <ErrorAlert ref={alertRef} message={manageErrorMessage(t, mutation.error)} /> : null}
          <div className="form-actions">
            <button
              type="button"
              className="button button--danger"
              data-testid="confirm-cancel"
              onClick={() => {
                if (mutation.isPending) return;
                mutation.mutate({ registrationId: registration.id, token }, { onSuccess: onCancelled });
              }}
            >
              {t('manage.cancel.confirm')}
            </button>
            <button type="button" className="button button--secondary" onClick={() => step(false)}>
              {t('manage.cancel.keep')}
            </button>
            <p className="form-actions__status" role="status">
              {mutation.isPending ? t('manage.cancel.sending') : ''}
            </p>
          </div>
        </div>
      ) : (
        <button
          ref={startRef}
          type="button"
          className="button button--danger-outline"
          data-testid="cancel-registration"
          onClick={() => step(true)}
        >
          {waitlisted ? t('manage.cancel.startWaitlisted') : t('manage.cancel.start')}
        </button>
      )}
    </div>
  );
}
