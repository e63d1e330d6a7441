import type { MessageAudience } from '@bok/shared/messages';
import type { Database, Transaction } from '../../db/prisma';
import {
  type EmailKind,
  type EmailStatus,
  type Locale,
  type OutboxEmail,
  Prisma,
  type RegistrationStatus,
} from '../../generated/prisma/client';

const meetingInclude = {
  venueLibrary: true,
  agendaItems: { orderBy: { position: 'asc' } },
} satisfies Prisma.MeetingInclude;

/** An outbox row as stored. */
export type OutboxEmailRow = OutboxEmail;

export type MeetingForEmail = Prisma.MeetingGetPayload<{ include: typeof meetingInclude }>;

/** An e-mail as it is enqueued: who it goes to and the facts of its event; no text yet. */
export interface NewOutboxEmail {
  kind: EmailKind;
  dedupeKey: string;
  toAddress: string;
  toName: string | null;
  locale: Locale;
  /** Null for e-mails to coordinators. */
  registrationId: string | null;
  meetingId: string | null;
  payload: Prisma.InputJsonValue;
}

/** The text of an e-mail, as the templates wrote it. */
export interface OutboxContent {
  subject: string;
  textBody: string;
  htmlBody: string | null;
  icsContent: string | null;
}

/**
 * Who a coordinator's message reaches, the one rule for sending and counting: the seats (not places
 * held for a confirmation that has not come), the waitlist, or those who checked in.
 */
function inMessageAudience(meetingId: string, audience: MessageAudience): Prisma.Sql {
  const group =
    audience === 'confirmed'
      ? Prisma.sql`"status" = 'confirmed'`
      : audience === 'waitlisted'
        ? Prisma.sql`"status" = 'waitlisted'`
        : Prisma.sql`"status" = 'confirmed' AND "checkedInAt" IS NOT NULL`;
  return Prisma.sql`"meetingId" = ${meetingId}::uuid AND "holdExpiresAt" IS NULL AND ${group}`;
}

export function emailsRepository(db: Database | Transaction) {
  return {
    findMeetingWithAgenda(meetingId: string) {
      return db.meeting.findUnique({ where: { id: meetingId }, include: meetingInclude });
    },

    findNetworkBySlug(slug: string) {
      return db.network.findUnique({ where: { slug }, select: { coordinatorName: true, coordinatorEmail: true } });
    },

    /**
     * Writes e-mails in one statement, however many. ON CONFLICT ("dedupeKey") DO NOTHING: a
     * repeated event writes nothing and does not abort the transaction. Returns how many were new.
     */
    async insertMany(rows: NewOutboxEmail[]): Promise<number> {
      if (!rows.length) return 0;
      return db.$executeRaw`
        INSERT INTO "OutboxEmail" ("id", "kind", "dedupeKey", "toAddress", "toName", "locale", "registrationId", "meetingId", "payload")
        SELECT gen_random_uuid(), e.kind::"EmailKind", e.dedupe_key, e.to_address, e.to_name, e.locale::"Locale",
               e.registration_id, e.meeting_id, e.payload
        FROM unnest(
          ${rows.map((row) => row.kind)}::text[], ${rows.map((row) => row.dedupeKey)}::text[],
          ${rows.map((row) => row.toAddress)}::text[], ${rows.map((row) => row.toName)}::text[],
          ${rows.map((row) => row.locale)}::text[], ${rows.map((row) => row.registrationId)}::uuid[],
          ${rows.map((row) => row.meetingId)}::uuid[], ${rows.map((row) => JSON.stringify(row.payload))}::jsonb[]
        ) AS e(kind, dedupe_key, to_address, to_name, locale, registration_id, meeting_id, payload)
        ON CONFLICT ("dedupeKey") DO NOTHING`;
    },

    /**
     * Writes one e-mail of `kind` to each registration named (in `statuses`), taking recipient and
     * facts from the registration row in the same statement. A cancelled registration "had a seat"
     * (its calendar has the meeting) if it was confirmed or promoted, or was sent a confirmation.
     * Same conflict rule as insertMany; returns how many were new.
     */
    async insertForRegistrations(
      kind: EmailKind,
      items: Array<{ registrationId: string; dedupeKey: string }>,
      statuses: RegistrationStatus[],
    ): Promise<number> {
      if (!items.length) return 0;
      return db.$executeRaw`
        INSERT INTO "OutboxEmail" ("id", "kind", "dedupeKey", "toAddress", "toName", "locale", "registrationId", "meetingId", "payload")
        SELECT gen_random_uuid(), ${kind}::"EmailKind", item.dedupe_key, r."email",
               -- A request to confirm carries nothing the registrant typed (registrations.rules.ts).
               CASE WHEN ${kind} = 'registration_confirm_request' THEN NULL ELSE r."name" END, r."locale", r."id", r."meetingId",
               jsonb_build_object(
                 'status', r."status", 'waitlistPosition', r."waitlistPosition",
                 'hadSeat', r."status" = 'confirmed' OR r."promotedAt" IS NOT NULL OR EXISTS (
                   SELECT 1 FROM "OutboxEmail" o WHERE o."registrationId" = r."id" AND o."kind" = 'registration_confirmed')
               ) || CASE WHEN r."holdExpiresAt" IS NULL THEN '{}'::jsonb ELSE jsonb_build_object(
                 'confirmBy', to_char(r."holdExpiresAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) END
        FROM unnest(${items.map((item) => item.registrationId)}::uuid[], ${items.map((item) => item.dedupeKey)}::text[])
             AS item(registration_id, dedupe_key)
        JOIN "Registration" r ON r."id" = item.registration_id
        WHERE r."status"::text = ANY(${statuses}::text[])
        ON CONFLICT ("dedupeKey") DO NOTHING`;
    },

    /**
     * Writes one e-mail of `kind` to every registration of a meeting holding a seat or a waitlist
     * place (not to places held for a confirmation that has not come: that address was told nothing), keyed `${dedupeKeyPrefix}:${registrationId}`, in one statement. Returns how many
     * registrations it considered (written now or before).
     */
    async insertForActiveRegistrations(kind: EmailKind, meetingId: string, dedupeKeyPrefix: string): Promise<number> {
      const rows = await db.$queryRaw<Array<{ considered: number }>>`
        WITH active AS (
          SELECT "id", "email", "name", "locale", "meetingId", "status", "waitlistPosition"
          FROM "Registration"
          WHERE "meetingId" = ${meetingId}::uuid AND "status" IN ('confirmed', 'waitlisted') AND "holdExpiresAt" IS NULL
        ), inserted AS (
          INSERT INTO "OutboxEmail" ("id", "kind", "dedupeKey", "toAddress", "toName", "locale", "registrationId", "meetingId", "payload")
          SELECT gen_random_uuid(), ${kind}::"EmailKind", ${dedupeKeyPrefix} || ':' || a."id", a."email", a."name", a."locale",
                 a."id", a."meetingId",
                 jsonb_build_object('status', a."status", 'waitlistPosition', a."waitlistPosition", 'hadSeat', a."status" = 'confirmed')
          FROM active a
          ON CONFLICT ("dedupeKey") DO NOTHING
        )
        SELECT count(*)::int AS "considered" FROM active`;
      return rows[0]!.considered;
    },

    /**
     * A coordinator's message to one group of a meeting's participants, one e-mail each, in one
     * statement: the seats (not places held for a confirmation that has not come), the waitlist,
     * or those who checked in. Keyed per message and registration: a group gets a message once.
     * Returns how many it was written to.
     */
    async insertMessage(meetingId: string, message: { id: string; audience: MessageAudience }): Promise<number> {
      const rows = await db.$queryRaw<Array<{ recipients: number }>>`
        WITH audience AS (
          SELECT "id", "email", "name", "locale", "meetingId", "status", "waitlistPosition"
          FROM "Registration" WHERE ${inMessageAudience(meetingId, message.audience)}
        ), inserted AS (
          INSERT INTO "OutboxEmail" ("id", "kind", "dedupeKey", "toAddress", "toName", "locale", "registrationId", "meetingId", "payload")
          SELECT gen_random_uuid(), 'meeting_message'::"EmailKind", 'message:' || ${message.id} || ':' || a."id",
                 a."email", a."name", a."locale", a."id", a."meetingId",
                 jsonb_build_object('status', a."status", 'waitlistPosition', a."waitlistPosition",
                   'hadSeat', a."status" = 'confirmed', 'messageId', ${message.id}::text)
          FROM audience a
          ON CONFLICT ("dedupeKey") DO NOTHING
        )
        SELECT count(*)::int AS "recipients" FROM audience`;
      return rows[0]!.recipients;
    },

    /** How many a message to the group would reach now (the preview's count). */
    async countMessageAudience(meetingId: string, audience: MessageAudience): Promise<number> {
      const rows = await db.$queryRaw<Array<{ recipients: number }>>`
        SELECT count(*)::int AS "recipients" FROM "Registration" WHERE ${inMessageAudience(meetingId, audience)}`;
      return rows[0]!.recipients;
    },

    findMessage(id: string) {
      return db.meetingMessage.findUnique({ where: { id }, select: { subject: true, body: true } });
    },

    findById(id: string) {
      return db.outboxEmail.findUnique({ where: { id } });
    },

    /**
     * Stores the text of a not yet rendered e-mail and returns the row. Only the first rendering is
     * kept: if another one got there first, its text is what the row (and so the sender) has.
     */
    async storeRendered(id: string, content: OutboxContent, renderedAt: Date) {
      await db.outboxEmail.updateMany({ where: { id, renderedAt: null }, data: { ...content, renderedAt } });
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
          // A seat held for a confirmation that has not come is not reminded of.
          holdExpiresAt: null,
          meeting: { status: { in: ['open', 'closed'] }, startsAt: { gt: now, lt: startsBefore } },
        },
        select: { id: true, createdAt: true, promotedAt: true, meeting: { select: { startsAt: true } } },
        orderBy: [{ meetingId: 'asc' }, { createdAt: 'asc' }],
      });
    },
  };
}
