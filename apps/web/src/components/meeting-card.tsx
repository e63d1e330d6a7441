import type { MeetingSummary } from '@bok/shared/meetings';
import { Link } from '@tanstack/react-router';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { MeetingWhen } from './meeting-when';
import { SeatsLeft } from './seats-left';
import { MeetingStatusBadge, RegistrationStateBadge } from './status-badge';
import { VenueName } from './venue';

type Props = {
  meeting: MeetingSummary;
  headingLevel: 2 | 3;
  /** Upcoming cards tell what a visitor can do; archive cards tell what happened. */
  variant: 'upcoming' | 'archive';
};

export function MeetingCard({ meeting, headingLevel, variant }: Props) {
  const { t } = useTranslation();
  const headingId = useId();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <article className="meeting-card" data-testid="meeting-card" aria-labelledby={headingId}>
      <Heading id={headingId} className="meeting-card__title">
        <Link to="/moeder/$meetingId" params={{ meetingId: meeting.slug }}>
          {meeting.title}
        </Link>
      </Heading>
      <p className="meeting-card__when">
        <MeetingWhen startsAt={meeting.startsAt} endsAt={meeting.endsAt} />
      </p>
      <p className="meeting-card__venue">
        <VenueName venue={meeting.venue} />
      </p>
      {meeting.summary ? <p className="meeting-card__summary">{meeting.summary}</p> : null}
      {meeting.themes.length > 0 ? (
        <ul className="tag-list" aria-label={t('common.themesLabel')}>
          {meeting.themes.map((theme) => (
            <li key={theme.id} className="tag">
              {theme.title}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="meeting-card__footer">
        {variant === 'upcoming' ? (
          <>
            <RegistrationStateBadge state={meeting.registrationState} />
            <SeatsLeft seats={meeting.seats} registrationState={meeting.registrationState} />
          </>
        ) : (
          <MeetingStatusBadge status={meeting.status} />
        )}
      </div>
    </article>
  );
}
