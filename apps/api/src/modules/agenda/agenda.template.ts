import type { AgendaTemplateItem } from '@bok/shared/agenda';
import type { NewAgendaItem } from './agenda.repository';

/**
 * The standing template laid on a meeting's time: what starts before the meeting ends is kept,
 * cut at its end, so a shorter meeting gets the template's beginning rather than an agenda that
 * overflows (which the agenda's own rule would refuse).
 */
export function placeTemplate(
  items: readonly AgendaTemplateItem[],
  meeting: { startsAt: Date; endsAt: Date },
): NewAgendaItem[] {
  const start = meeting.startsAt.getTime();
  const end = meeting.endsAt.getTime();
  return items
    .flatMap((item) => {
      const startsAt = start + item.offsetMinutes * 60_000;
      if (startsAt >= end) return [];
      return [
        {
          startsAt: new Date(startsAt),
          endsAt: new Date(Math.min(end, startsAt + item.durationMinutes * 60_000)),
          title: item.title,
          kind: item.kind,
          speakerName: null,
          speakerOrganisation: null,
          description: item.description,
        },
      ];
    })
    .map((item, index) => ({ ...item, position: index + 1 }));
}
