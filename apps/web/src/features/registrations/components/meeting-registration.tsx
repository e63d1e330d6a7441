import type { MeetingDetail } from '@bok/shared/meetings';
import type { RegistrationCreated } from '@bok/shared/registrations';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import type { ApiError } from '@/lib/api-client';
import { RegistrationConfirmation } from './registration-confirmation';
import { RegistrationForm, registrationFirstFieldId } from './registration-form';
import { requestErrorMessage } from './request-error-message';

type Props = {
  meeting: MeetingDetail;
  /** The meeting's seats or state changed because of us: whoever shows them should refresh. */
  onMeetingChanged?: () => void;
};

/**
 * Registration on the meeting page: the form while the meeting takes registrations, then the answer.
 * The answer and a refusal stay on screen even when the refreshed meeting no longer takes registrations.
 */
export function MeetingRegistration({ meeting, onMeetingChanged }: Props) {
  const { t } = useTranslation();
  const [outcome, setOutcome] = useState<{ result: RegistrationCreated; email: string } | null>(null);
  const [refusal, setRefusal] = useState<ApiError | null>(null);
  const refusalRef = useRef<HTMLDivElement>(null);
  const [anotherCount, setAnotherCount] = useState(0);

  useEffect(() => {
    if (refusal) refusalRef.current?.focus();
  }, [refusal]);

  // "Register a colleague" replaces the answer with an empty form; start the keyboard at its first field.
  useEffect(() => {
    if (anotherCount > 0) document.getElementById(registrationFirstFieldId)?.focus();
  }, [anotherCount]);

  if (outcome) {
    return (
      <RegistrationConfirmation
        result={outcome.result}
        email={outcome.email}
        meetingTitle={meeting.title}
        onRegisterAnother={() => {
          setOutcome(null);
          setAnotherCount((count) => count + 1);
        }}
      />
    );
  }

  const takesRegistrations = meeting.registrationState === 'open' || meeting.registrationState === 'waitlist';
  return (
    <>
      {refusal ? (
        <ErrorAlert
          ref={refusalRef}
          title={t('registration.errors.title')}
          message={requestErrorMessage(t, refusal)}
          testId="registration-refused"
        />
      ) : null}
      {takesRegistrations ? (
        <RegistrationForm
          meeting={meeting}
          onRegistered={(result, email) => {
            setRefusal(null);
            setOutcome({ result, email });
            onMeetingChanged?.();
          }}
          onRefused={(error) => {
            setRefusal(error);
            onMeetingChanged?.();
          }}
        />
      ) : null}
    </>
  );
}
