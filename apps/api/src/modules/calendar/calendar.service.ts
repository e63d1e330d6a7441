import { createHash } from 'node:crypto';
import type { Database } from '../../db/prisma';
import { notFound } from '../../lib/app-error';
import type { AppConfig } from '../../lib/config';
import { NETWORK_SLUG } from '../network/network.service';
import { buildCalendar } from './calendar.ics';
import { calendarRepository } from './calendar.repository';

export interface CalendarDocument {
  body: string;
  /** Strong ETag of the body: the body is deterministic (DTSTAMP is the meeting's last change). */
  etag: string;
  filename: string;
}

const etagOf = (body: string) => `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;

/** Published calendars (METHOD:PUBLISH, no attendees): one meeting, or the feed of all public meetings. */
export function calendarService(db: Database, config: AppConfig) {
  const repository = calendarRepository(db);

  async function organizer() {
    const network = await repository.findNetworkBySlug(NETWORK_SLUG);
    return network
      ? { organizer: { name: network.coordinatorName, email: network.coordinatorEmail }, name: network.shortName }
      : { organizer: undefined, name: 'BoK' };
  }

  return {
    async meeting(idOrSlug: string): Promise<CalendarDocument> {
      const meeting = await repository.findPublicByIdOrSlug(idOrSlug);
      if (!meeting) throw notFound('The meeting');
      const { organizer: person } = await organizer();
      const body = buildCalendar({
        method: 'PUBLISH',
        meetings: [meeting],
        publicUrl: config.publicUrl,
        ...(person ? { organizer: person } : {}),
      });
      return { body, etag: etagOf(body), filename: `${meeting.slug}.ics` };
    },

    /** Every public meeting, past and coming; cancelled ones stay in with STATUS:CANCELLED so subscribers' calendars drop them. */
    async feed(): Promise<CalendarDocument> {
      const [meetings, network] = await Promise.all([repository.findAllPublic(), organizer()]);
      const body = buildCalendar({
        method: 'PUBLISH',
        meetings,
        publicUrl: config.publicUrl,
        name: `${network.name} – møder`,
        ...(network.organizer ? { organizer: network.organizer } : {}),
      });
      return { body, etag: etagOf(body), filename: 'bok-moeder.ics' };
    },
  };
}
