import type { Theme } from '@bok/shared/themes';
import { useTranslation } from 'react-i18next';

export function ThemesList({ themes }: { themes: Theme[] }) {
  const { t } = useTranslation();
  return (
    <ul className="theme-list">
      {themes.map((theme) => (
        <li key={theme.id} className="theme-list__item">
          <h3 className="theme-list__title">{theme.title}</h3>
          {theme.description ? <p>{theme.description}</p> : null}
          {theme.meetingCount > 0 ? (
            <p className="theme-list__count">{t('network.themeMeetings', { count: theme.meetingCount })}</p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
