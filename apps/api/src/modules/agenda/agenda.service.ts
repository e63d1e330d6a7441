// A meeting's agenda, replaced as a whole: what the coordinator's editor saves in one go.
import type { AgendaReplace, AgendaTemplate, AgendaTemplateReplace } from '@bok/shared/agenda';
import { fieldErrorCode } from '@bok/shared/errors';
import type { MeetingDetail } from '@bok/shared/meetings';
import type { Database } from '../../db/prisma';
import { AppError, notFound } from '../../lib/app-error';
import type { Actor } from '../api-keys/api-keys.service';
import { auditRepository } from '../audit/audit.repository';
import { meetingsRepository } from '../meetings/meetings.repository';
import { meetingsService } from '../meetings/meetings.service';
import { transactionOptions } from '../registrations/registrations.rules';
import { agendaRepository } from './agenda.repository';

export function agendaService(db: Database, options: { onMeetingChanged?(meetingId: string): void } = {}) {
  return {
    /**
     * Replaces the agenda in one transaction, under the meeting lock: every item inside the
     * meeting's time (the schema has checked order and overlaps). Not once the meeting is held or cancelled.
     */
    async replace(
      idOrSlug: string,
      agenda: AgendaReplace,
      actor: Actor,
      context: { ip: string | null; now: Date },
    ): Promise<MeetingDetail> {
      const meetingId = await meetingsRepository(db).findId(idOrSlug);
      if (!meetingId) throw notFound('The meeting');
      await db
        .$transaction(async (tx) => {
          const meeting = await meetingsRepository(tx).lock(meetingId);
          if (!meeting) throw notFound('The meeting');
          if (meeting.status === 'held' || meeting.status === 'cancelled') {
            throw new AppError('conflict', `The meeting is ${meeting.status}: its agenda is kept as it was.`);
          }
          const outside = agenda.items.flatMap((item, index) =>
            new Date(item.startsAt) < meeting.startsAt || new Date(item.endsAt) > meeting.endsAt ? [index] : [],
          );
          if (outside.length) {
            throw new AppError('validation_failed', 'Some agenda items lie outside the meeting’s time.', {
              fields: outside.map((index) => ({
                field: `items.${index}.startsAt`,
                code: fieldErrorCode.outside_meeting,
                message: fieldErrorCode.outside_meeting,
              })),
            });
          }
          const before = await agendaRepository(tx).count(meetingId);
          await agendaRepository(tx).replace(
            meetingId,
            agenda.items.map((item, index) => ({
              position: index + 1,
              startsAt: new Date(item.startsAt),
              endsAt: new Date(item.endsAt),
              title: item.title,
              kind: item.kind,
              speakerName: item.speakerName ?? null,
              speakerOrganisation: item.speakerOrganisation ?? null,
              description: item.description ?? null,
            })),
          );
          await auditRepository(tx).record({
            actorType: actor.type,
            actorId: actor.id,
            action: 'meeting.agenda_replaced',
            entityType: 'meeting',
            entityId: meetingId,
            data: { itemsBefore: before, itemsAfter: agenda.items.length },
            ip: context.ip,
            at: context.now,
          });
        }, transactionOptions)
        .finally(() => options.onMeetingChanged?.(meetingId));
      return meetingsService(db).getAny(meetingId, context.now);
    },
  };
}

export function agendaTemplateService(db: Database) {
  return {
    template: () => agendaRepository(db).template(),

    /** Replaces the standing template; meetings made before keep the agenda they started with. */
    async replaceTemplate(
      template: AgendaTemplateReplace,
      actor: Actor,
      context: { ip: string | null; now: Date },
    ): Promise<AgendaTemplate> {
      const items = template.items.map((item) => ({ ...item, description: item.description ?? null }));
      await db.$transaction(async (tx) => {
        const before = (await agendaRepository(tx).template()).items.length;
        await agendaRepository(tx).replaceTemplate(items, context.now);
        await auditRepository(tx).record({
          actorType: actor.type,
          actorId: actor.id,
          action: 'agenda_template.replaced',
          entityType: 'agenda_template',
          entityId: null,
          data: { itemsBefore: before, itemsAfter: items.length },
          ip: context.ip,
          at: context.now,
        });
      }, transactionOptions);
      return agendaRepository(db).template();
    },
  };
}
