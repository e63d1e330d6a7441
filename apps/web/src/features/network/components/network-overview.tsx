import type { Network } from '@bok/shared/network';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { CalendarFeedLink } from '@/components/calendar-feed-link';
import { PageTitle } from '@/components/page-title';
import { Paragraphs } from '@/components/paragraphs';
import { CoordinatorContact } from './coordinator-contact';
import { FollowersTable } from './followers-table';
import { ThemesList } from './themes-list';
import { UpcomingMeetings } from './upcoming-meetings';

/** The network's public page: its own texts, shown as the network wrote them. */
export function NetworkOverview({ network }: { network: Network }) {
  const { t } = useTranslation();
  return (
    <div className="network">
      <PageTitle title={network.name} />
      <div className="hero">
        <h1>{network.name}</h1>
        <p className="hero__tagline">{network.tagline}</p>
        <Paragraphs text={network.intro} className="hero__intro" />
        <p>
          <Link to="/" hash="upcoming" className="button">
            {t('network.seeUpcoming')}
          </Link>
        </p>
      </div>

      <section id="upcoming" aria-labelledby="upcoming-heading" className="section">
        <h2 id="upcoming-heading">{t('network.upcoming')}</h2>
        <UpcomingMeetings meetings={network.upcomingMeetings} />
        <CalendarFeedLink />
      </section>

      <div className="prose-grid">
        <section aria-labelledby="about-heading" className="section">
          <h2 id="about-heading">{t('network.about')}</h2>
          <Paragraphs text={network.about} />
        </section>

        <section aria-labelledby="purpose-heading" className="section">
          <h2 id="purpose-heading">{t('network.purpose')}</h2>
          <Paragraphs text={network.purpose} />
        </section>

        <section aria-labelledby="target-group-heading" className="section">
          <h2 id="target-group-heading">{t('network.targetGroup')}</h2>
          <Paragraphs text={network.targetGroup} />
        </section>

        <section aria-labelledby="commitments-heading" className="section">
          <h2 id="commitments-heading">{t('network.commitments')}</h2>
          <Paragraphs text={network.commitmentsIntro} />
          <ul className="bullets">
            {network.commitments.map((commitment) => (
              <li key={commitment}>{commitment}</li>
            ))}
          </ul>
        </section>
      </div>

      <section aria-labelledby="themes-heading" className="section">
        <h2 id="themes-heading">{t('network.themes')}</h2>
        <p>{t('network.themesIntro')}</p>
        <ThemesList themes={network.themes} />
      </section>

      <section aria-labelledby="format-heading" className="section">
        <h2 id="format-heading">{t('network.meetings')}</h2>
        <Paragraphs text={network.meetingFormat} />
        <Paragraphs text={network.venuePolicy} />
        <p className="call-to-action">{network.callToAction}</p>
      </section>

      <section aria-labelledby="contact-heading" className="section">
        <h2 id="contact-heading">{t('network.contact')}</h2>
        <p>{t('network.contactIntro')}</p>
        <CoordinatorContact coordinator={network.coordinator} />
      </section>

      <section aria-labelledby="followers-heading" className="section">
        <h2 id="followers-heading">{t('network.followers')}</h2>
        <p>{t('network.followersIntro')}</p>
        <FollowersTable followers={network.followers} />
      </section>
    </div>
  );
}
