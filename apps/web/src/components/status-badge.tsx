import type { MeetingStatus, RegistrationState } from '@bok/shared/meetings';
import { useTranslation } from 'react-i18next';

/** What a visitor can do now: the badge on upcoming meetings. */
export function RegistrationStateBadge({ state }: { state: RegistrationState }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge--${state}`}>
      <span className="visually-hidden">{t('common.statusPrefix')} </span>
      {t(`registrationBadge.${state}`)}
    </span>
  );
}

/** What became of a meeting: the badge in the archive, where registration no longer matters. */
export function MeetingStatusBadge({ status }: { status: MeetingStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge--status-${status}`}>
      <span className="visually-hidden">{t('common.statusPrefix')} </span>
      {t(`meetingStatus.${status}`)}
    </span>
  );
}
