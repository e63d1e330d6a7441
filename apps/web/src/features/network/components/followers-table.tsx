import type { Network } from '@bok/shared/network';
import { useTranslation } from 'react-i18next';

export function FollowersTable({ followers }: { followers: Network['followers'] }) {
  const { t } = useTranslation();
  if (followers.byLibrary.length === 0) return <p className="empty">{t('network.followersEmpty')}</p>;
  return (
    <div className="table-scroll">
      <table className="followers" data-testid="followers">
        <caption>{t('network.followersCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('network.followersLibrary')}</th>
            <th scope="col" className="numeric">
              {t('network.followersCount')}
            </th>
          </tr>
        </thead>
        <tbody>
          {followers.byLibrary.map((row) => (
            <tr key={row.libraryId ?? row.libraryName}>
              <th scope="row">{row.libraryName}</th>
              <td className="numeric">{row.count}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('network.followersTotal')}</th>
            <td className="numeric">{followers.total}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
