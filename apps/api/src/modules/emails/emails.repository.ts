import type { Database, Transaction } from '../../db/prisma';
import type { EmailKind, EmailStatus, Prisma } from '../../generated/prisma/client';

const meetingInclude = {
  venueLibrary: true,
  agendaItems: { orderBy: { position: 'asc' } },
} satisfies Prisma.MeetingInclude;

export type MeetingForEmail = Prisma.MeetingGetPayload<{ include: typeof meetingInclude }>;

/** The only Prisma access of the e-mail module: the outbox and what e-mails are written from. */
export function emailsRepository(db: Database | Transaction) {
  return {
    findRegistrationWithMeeting(registrationId: string) {
      return db.registration.findUnique({
        where: { id: registrationId },
        include: { meeting: { include: meetingInclude } },
      });
    },

    findMeetingWithAgenda(meetingId: string) {
      return db.meeting.findUnique({ where: { id: meetingId }, include: meetingInclude });
    },

    /** Registrations still holding a seat or a waitlist place, in registration order. */
    findActiveRegistrationIds(meetingId: string) {
      return db.registration.findMany({
        where: { meetingId, status: { in: ['confirmed', 'waitlisted'] } },
        select: { id: true },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      });
    },

    findNetworkBySlug(slug: string) {
      return db.network.findUnique({ where: { slug }, select: { coordinatorName: true, coordinatorEmail: true } });
    },

    hasEmailOfKind(registrationId: string, kind: EmailKind) {
      return db.outboxEmail.findFirst({ where: { registrationId, kind }, select: { id: true } }).then(Boolean);
    },

    existsByDedupeKey(dedupeKey: string) {
      return db.outboxEmail.findUnique({ where: { dedupeKey }, select: { id: true } }).then(Boolean);
    },

    /** ON CONFLICT ("dedupeKey") DO NOTHING: a repeated event writes nothing and does not abort the transaction. */
    async insertOnce(data: Prisma.OutboxEmailCreateManyInput): Promise<boolean> {
      const { count } = await db.outboxEmail.createMany({ data: [data], skipDuplicates: true });
      return count === 1;
    },

    findById(id: string) {
      return db.outboxEmail.findUnique({ where: { id } });
    },

    findMany(where: Prisma.OutboxEmailWhereInput, take: number) {
      return db.outboxEmail.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take });
    },

    /** E-mails not yet settled (pending or sending), oldest first. */
    findUnsettled(take: number) {
      return db.outboxEmail.findMany({
        where: { status: { in: ['pending', 'sending'] } },
        select: { id: true, status: true },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        take,
      });
    },

    /**
     * Takes an e-mail for delivery: only a pending one, or one left `sending` by a worker that
     * died (the queue hands each e-mail's one job to one worker at a time, so a `sending` row
     * seen by the job's holder is an interrupted attempt). Returns the row, or null when it is
     * settled already.
     */
    async claim(id: string) {
      const { count } = await db.outboxEmail.updateMany({
        where: { id, status: { in: ['pending', 'sending'] } },
        data: { status: 'sending', attempts: { increment: 1 } },
      });
      return count === 1 ? db.outboxEmail.findUnique({ where: { id } }) : null;
    },

    markSent(id: string, messageId: string, sentAt: Date) {
      return db.outboxEmail.updateMany({
        where: { id, status: 'sending' },
        data: { status: 'sent', messageId, sentAt, lastError: null },
      });
    },

    /** Back to pending after a temporary failure; the queue retries it after a backoff. */
    markRetrying(id: string, lastError: string) {
      return db.outboxEmail.updateMany({ where: { id, status: 'sending' }, data: { status: 'pending', lastError } });
    },

    markFailed(id: string, lastError: string, from: EmailStatus[] = ['sending']) {
      return db.outboxEmail.updateMany({ where: { id, status: { in: from } }, data: { status: 'failed', lastError } });
    },

    /** Confirmed registrations of meetings still to come, starting before `startsBefore`, with their meeting's start. */
    findConfirmedForUpcomingMeetings(now: Date, startsBefore: Date) {
      return db.registration.findMany({
        where: {
          status: 'confirmed',
          meeting: { status: { in: ['open', 'closed'] }, startsAt: { gt: now, lt: startsBefore } },
        },
        select: { id: true, createdAt: true, promotedAt: true, meeting: { select: { startsAt: true } } },
        orderBy: [{ meetingId: 'asc' }, { createdAt: 'asc' }],
      });
    },
  };
}
