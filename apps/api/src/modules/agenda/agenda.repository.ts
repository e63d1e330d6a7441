import type { AgendaItemKind, AgendaTemplate, AgendaTemplateItem } from '@bok/shared/agenda';
import type { Database, Transaction } from '../../db/prisma';

/** An agenda item as written: its place in the agenda and its fields. */
export interface NewAgendaItem {
  position: number;
  startsAt: Date;
  endsAt: Date;
  title: string;
  kind: AgendaItemKind;
  speakerName: string | null;
  speakerOrganisation: string | null;
  description: string | null;
}

export function agendaRepository(db: Database | Transaction) {
  return {
    /** The meeting's agenda becomes exactly these items, in this order (run under the meeting lock). */
    async replace(meetingId: string, items: NewAgendaItem[]): Promise<void> {
      await db.agendaItem.deleteMany({ where: { meetingId } });
      if (items.length) await db.agendaItem.createMany({ data: items.map((item) => ({ ...item, meetingId })) });
    },

    /** Every item moved by the same amount: the day keeps its shape when the meeting moves. */
    async shift(meetingId: string, offsetMs: number): Promise<void> {
      await db.$executeRaw`
        UPDATE "AgendaItem"
        SET "startsAt" = "startsAt" + ${offsetMs} * interval '1 millisecond',
            "endsAt" = "endsAt" + ${offsetMs} * interval '1 millisecond'
        WHERE "meetingId" = ${meetingId}::uuid`;
    },

    /** When the agenda begins and ends; null when it is empty. */
    async span(meetingId: string): Promise<{ first: Date; last: Date } | null> {
      const { _min, _max } = await db.agendaItem.aggregate({
        where: { meetingId },
        _min: { startsAt: true },
        _max: { endsAt: true },
      });
      return _min.startsAt && _max.endsAt ? { first: _min.startsAt, last: _max.endsAt } : null;
    },

    count(meetingId: string): Promise<number> {
      return db.agendaItem.count({ where: { meetingId } });
    },

    /** The standing template, in order. */
    async template(): Promise<AgendaTemplate> {
      const rows = await db.agendaTemplateItem.findMany({ orderBy: { position: 'asc' } });
      return {
        items: rows.map(({ offsetMinutes, durationMinutes, title, kind, description }) => ({
          offsetMinutes,
          durationMinutes,
          title,
          kind,
          description,
        })),
      };
    },

    /** The template becomes exactly these items (in a transaction, so a meeting made meanwhile sees old or new). */
    async replaceTemplate(items: AgendaTemplateItem[], at: Date): Promise<void> {
      await db.agendaTemplateItem.deleteMany({});
      if (items.length)
        await db.agendaTemplateItem.createMany({
          data: items.map((item, index) => ({ ...item, position: index + 1, updatedAt: at })),
        });
    },
  };
}
