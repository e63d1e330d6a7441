import { useTranslation } from 'react-i18next';
import { PageTitle } from '@/components/page-title';
import { useNetwork } from '../api/get-network';
import { CoordinatorContact } from '../components/coordinator-contact';

/** The privacy notice for registrations, linked from the consent in the registration form. */
export function PrivacyRoute() {
  const { t } = useTranslation();
  // The coordinator is the network's data; the notice still reads well while it loads or if it fails.
  const network = useNetwork();
  const coordinator = network.data?.coordinator;

  return (
    <article className="privacy prose" aria-labelledby="privacy-title">
      <PageTitle title={t('privacy.title')} />
      <h1 id="privacy-title">{t('privacy.title')}</h1>
      <p className="lead">{t('privacy.intro')}</p>

      <section aria-labelledby="privacy-controller">
        <h2 id="privacy-controller">{t('privacy.controllerHeading')}</h2>
        <p>
          {coordinator
            ? t('privacy.controller', { organisation: coordinator.organisation })
            : t('privacy.controllerUnknown')}
        </p>
        {coordinator ? <CoordinatorContact coordinator={coordinator} /> : null}
      </section>

      <section aria-labelledby="privacy-what">
        <h2 id="privacy-what">{t('privacy.whatHeading')}</h2>
        <p>{t('privacy.whatIntro')}</p>
        <ul className="bullets">
          <li>{t('privacy.whatIdentity')}</li>
          <li>{t('privacy.whatWork')}</li>
          <li>{t('privacy.whatNeeds')}</li>
          <li>{t('privacy.whatComment')}</li>
          <li>{t('privacy.whatRecords')}</li>
        </ul>
      </section>

      <section aria-labelledby="privacy-why">
        <h2 id="privacy-why">{t('privacy.whyHeading')}</h2>
        <p>{t('privacy.why')}</p>
        <p>{t('privacy.whyNeeds')}</p>
        <p>{t('privacy.legalBasis')}</p>
      </section>

      <section aria-labelledby="privacy-sharing">
        <h2 id="privacy-sharing">{t('privacy.sharingHeading')}</h2>
        <p>{t('privacy.sharing')}</p>
      </section>

      <section aria-labelledby="privacy-how-long">
        <h2 id="privacy-how-long">{t('privacy.howLongHeading')}</h2>
        <p>{t('privacy.howLong')}</p>
      </section>

      <section aria-labelledby="privacy-cancel">
        <h2 id="privacy-cancel">{t('privacy.cancelHeading')}</h2>
        <p>{t('privacy.cancel')}</p>
      </section>

      <section aria-labelledby="privacy-rights">
        <h2 id="privacy-rights">{t('privacy.rightsHeading')}</h2>
        <p>{t('privacy.rights')}</p>
        <p>
          {t('privacy.complaint')}{' '}
          <a href="https://www.datatilsynet.dk" lang="da">
            datatilsynet.dk
          </a>
        </p>
      </section>
    </article>
  );
}
