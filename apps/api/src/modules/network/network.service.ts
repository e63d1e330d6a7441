import type { Network } from '@bok/shared/network';
import type { Database } from '../../db/prisma';
import { notFound } from '../../lib/app-error';
import { meetingsService } from '../meetings/meetings.service';
import { themesService } from '../themes/themes.service';
import { networkRepository } from './network.repository';

const danishOrder = new Intl.Collator('da');
export const NETWORK_SLUG = 'bok';

export function networkService(db: Database) {
  const repository = networkRepository(db);
  const meetings = meetingsService(db);
  const themes = themesService(db);

  return {
    /** Everything the network's public page shows, in one answer. */
    async getPublicPage(now: Date): Promise<Network> {
      // All at once: the page is one round of queries, not one after the other.
      const [network, themeList, upcoming, followerGroups] = await Promise.all([
        repository.findBySlug(NETWORK_SLUG),
        themes.listActive(),
        meetings.list({ page: 1, pageSize: 10, from: now.toISOString() }, now),
        repository.countFollowersByLibrary(),
      ]);
      if (!network) throw notFound('The network');
      const byLibrary = followerGroups
        .map((group) => ({ ...group, libraryName: group.libraryName ?? '' }))
        .sort((a, b) => b.count - a.count || danishOrder.compare(a.libraryName, b.libraryName));
      return {
        slug: network.slug,
        name: network.name,
        shortName: network.shortName,
        tagline: network.tagline,
        intro: network.intro,
        about: network.about,
        purpose: network.purpose,
        targetGroup: network.targetGroup,
        commitmentsIntro: network.commitmentsIntro,
        commitments: network.commitments,
        meetingFormat: network.meetingFormat,
        venuePolicy: network.venuePolicy,
        callToAction: network.callToAction,
        coordinator: {
          name: network.coordinatorName,
          email: network.coordinatorEmail,
          organisation: network.coordinatorOrganisation,
        },
        themes: themeList,
        upcomingMeetings: upcoming.items,
        followers: { total: byLibrary.reduce((sum, group) => sum + group.count, 0), byLibrary },
      };
    },
  };
}
