import type { Network } from '@bok/shared/network';
import { useTranslation } from 'react-i18next';

export function CoordinatorContact({ coordinator }: { coordinator: Network['coordinator'] }) {
  const { t } = useTranslation();
  return (
    <address className="coordinator">
      <span className="coordinator__role">{t('coordinator.label')}</span>
      <span className="coordinator__name">{coordinator.name}</span>
      <span>{coordinator.organisation}</span>
      <span>
        {t('coordinator.email')}: <a href={`mailto:${coordinator.email}`}>{coordinator.email}</a>
      </span>
    </address>
  );
}
