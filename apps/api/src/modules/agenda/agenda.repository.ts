import type { AgendaItemKind } from '@bok/shared/agenda';
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

    count(meetingId: string): Promise<number> {
      return db.agendaItem.count({ where: { meetingId } });
    },
  };
}
