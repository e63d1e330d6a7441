import type { MeetingDetail } from '@bok/shared/meetings';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { MeetingWhen } from '@/components/meeting-when';
import { PageTitle } from '@/components/page-title';
import { Paragraphs } from '@/components/paragraphs';
import { SeatsLeft } from '@/components/seats-left';
import { RegistrationStateBadge } from '@/components/status-badge';
import { VenueAddress } from '@/components/venue';
import { AddToCalendar } from './add-to-calendar';
import { AgendaTimeline } from './agenda-timeline';
import { RegistrationPanel } from './registration-panel';

type Props = {
  meeting: MeetingDetail;
  /** The registration form and its answer: another feature's, composed in by the page. */
  registration?: ReactNode;
  /** The coordinator's preview: the calendar links would point at a page that is not public yet. */
  preview?: boolean;
};

/** Worth adding to a calendar: not called off and not over. */
function isAhead(meeting: MeetingDetail): boolean {
  return meeting.status !== 'cancelled' && Date.parse(meeting.endsAt) > Date.now();
}

export function MeetingDetails({ meeting, registration, preview = false }: Props) {
  const { t } = useTranslation();
  return (
    <article className="meeting" aria-labelledby="meeting-title">
      <PageTitle title={meeting.title} />
      <header className="meeting__header">
        <RegistrationStateBadge state={meeting.registrationState} />
        <h1 id="meeting-title">{meeting.title}</h1>
        {meeting.summary ? <p className="meeting__summary">{meeting.summary}</p> : null}
      </header>

      <dl className="facts meeting__facts">
        <div className="facts__row">
          <dt>{t('meeting.when')}</dt>
          <dd className="when">
            <MeetingWhen startsAt={meeting.startsAt} endsAt={meeting.endsAt} />
          </dd>
        </div>
        <div className="facts__row">
          <dt>{t('meeting.where')}</dt>
          <dd>
            <VenueAddress venue={meeting.venue} />
          </dd>
        </div>
        {meeting.themes.length > 0 ? (
          <div className="facts__row">
            <dt>{t('meeting.themes')}</dt>
            <dd>
              <ul className="tag-list">
                {meeting.themes.map((theme) => (
                  <li key={theme.id} className="tag">
                    {theme.title}
                  </li>
                ))}
              </ul>
            </dd>
          </div>
        ) : null}
      </dl>

      {/* Other pages and e-mails link to #registration. */}
      <section id="registration" aria-labelledby="registration-heading" className="meeting__registration">
        <h2 id="registration-heading">{t('meeting.registration')}</h2>
        <SeatsLeft seats={meeting.seats} registrationState={meeting.registrationState} />
        <RegistrationPanel meeting={meeting} />
        {registration}
        {isAhead(meeting) && !preview ? <AddToCalendar meeting={meeting} /> : null}
      </section>

      {meeting.description ? (
        <section aria-labelledby="description-heading" className="meeting__description">
          <h2 id="description-heading">{t('meeting.description')}</h2>
          <Paragraphs text={meeting.description} />
        </section>
      ) : null}

      <section aria-labelledby="agenda-heading" className="meeting__agenda">
        <h2 id="agenda-heading">{t('meeting.agenda')}</h2>
        <AgendaTimeline items={meeting.agenda} labelledBy="agenda-heading" />
      </section>
    </article>
  );
}
