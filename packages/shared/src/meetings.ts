import { z } from 'zod';
import { agendaItemSchema } from './agenda';
import {
  clearableText,
  commaSeparated,
  idSchema,
  instantSchema,
  lookupSchema,
  pageQuerySchema,
  pageSchema,
  slugSchema,
  textSchema,
} from './common';
import { fieldErrorCode } from './errors';
import { librarySchema } from './libraries';
import { questionSchema } from './questions';
import { themeSummarySchema } from './themes';

export const meetingStatusSchema = z.enum(['draft', 'announced', 'open', 'closed', 'held', 'cancelled']);
export type MeetingStatus = z.infer<typeof meetingStatusSchema>;
/** Statuses the public may see; drafts are the coordinator's. */
export const publicMeetingStatuses = ['announced', 'open', 'closed', 'held', 'cancelled'] as const;

export const seatsSchema = z
  .object({
    capacity: z.number().int(),
    confirmed: z.number().int(),
    waitlisted: z.number().int(),
    available: z.number().int(),
  })
  .meta({ id: 'Seats' });
export type Seats = z.infer<typeof seatsSchema>;

/**
 * What a visitor can do about registering right now, decided by the server:
 * not_yet_open (save the date), open, waitlist (full, waitlist open), full (no waitlist),
 * closed (window over or meeting closed/held), cancelled.
 */
export const registrationStateSchema = z.enum(['not_yet_open', 'open', 'waitlist', 'full', 'closed', 'cancelled']);
export type RegistrationState = z.infer<typeof registrationStateSchema>;

export const venueSchema = z
  .object({
    library: librarySchema.nullable(),
    room: z.string().nullable(),
    note: z.string().nullable(),
  })
  .meta({ id: 'Venue' });

export const meetingSummarySchema = z
  .object({
    id: idSchema,
    slug: slugSchema,
    title: z.string(),
    summary: z.string().nullable(),
    status: meetingStatusSchema,
    startsAt: instantSchema,
    endsAt: instantSchema,
    venue: venueSchema,
    themes: z.array(themeSummarySchema),
    waitlistEnabled: z.boolean(),
    registrationOpensAt: instantSchema.nullable(),
    registrationClosesAt: instantSchema.nullable(),
    registrationState: registrationStateSchema,
    cancellationReason: z.string().nullable(),
    seats: seatsSchema,
  })
  .meta({ id: 'MeetingSummary' });
export type MeetingSummary = z.infer<typeof meetingSummarySchema>;

/**
 * How a meeting takes registrations, set by the coordinator per meeting. The default is the
 * friction-free one: a seat at once, no cap. Against seats taken with made-up addresses, a meeting
 * can hold a place only until the registrant confirms from the e-mail, and cap seats per library.
 */
export const registrationRulesSchema = z
  .object({
    /** A place is held for `holdMinutes` until confirmed from the e-mail; unconfirmed, it goes on in order. */
    confirmationRequired: z.boolean(),
    holdMinutes: z.number().int(),
    /** Seats one library may take (listed library, or the same free-text name); null: no cap. */
    seatsPerLibrary: z.number().int().nullable(),
  })
  .meta({ id: 'RegistrationRules' });
export type RegistrationRules = z.infer<typeof registrationRulesSchema>;

/** Bounds of a hold: long enough to find the e-mail, short enough that a seat taken with a made-up address comes back the same day. */
export const holdMinutesRange = { min: 10, max: 48 * 60 } as const;

export const meetingDetailSchema = meetingSummarySchema
  .extend({
    description: z.string().nullable(),
    registrationRules: registrationRulesSchema,
    agenda: z.array(agendaItemSchema),
    /** The meeting's own questions, asked on its registration form (questions.ts). */
    questions: z.array(questionSchema),
    /** Bumped when a change matters to calendars (iCalendar SEQUENCE). */
    sequence: z.number().int(),
    updatedAt: instantSchema,
  })
  .meta({ id: 'MeetingDetail' });
export type MeetingDetail = z.infer<typeof meetingDetailSchema>;

const statusListSchema = commaSeparated(z.enum(publicMeetingStatuses));

export const meetingListQuerySchema = pageQuerySchema.extend({
  /** Comma-separated statuses, e.g. `open,announced`. */
  status: statusListSchema.optional(),
  /** Meetings that end at or after this instant. */
  from: instantSchema.optional(),
  /** Meetings that start before this instant. */
  to: instantSchema.optional(),
  /** A theme's slug or id. */
  theme: lookupSchema(120).optional(),
});
export type MeetingListQuery = z.infer<typeof meetingListQuerySchema>;

export const meetingPageSchema = pageSchema(meetingSummarySchema).meta({ id: 'MeetingPage' });
export type MeetingPage = z.infer<typeof meetingPageSchema>;

export const meetingIdParamsSchema = z.object({ id: lookupSchema(120) });

const meetingUpdateFields = {
  title: textSchema(200, 'single').min(1).optional(),
  summary: clearableText(500, 'multi'),
  description: clearableText(10_000, 'multi'),
  /** A change of time or venue sends registrants an updated invitation (a higher iCalendar SEQUENCE). */
  startsAt: instantSchema.optional(),
  endsAt: instantSchema.optional(),
  venueLibraryId: idSchema.nullable().optional(),
  venueRoom: clearableText(200, 'single'),
  venueNote: clearableText(1000, 'multi'),
  /** Raising it fills the new seats from the waitlist at once; below the confirmed count it is refused. */
  capacity: z.number().int().min(1).max(10_000).optional(),
  waitlistEnabled: z.boolean().optional(),
  registrationOpensAt: instantSchema.nullable().optional(),
  registrationClosesAt: instantSchema.nullable().optional(),
  confirmationRequired: z.boolean().optional(),
  holdMinutes: z.number().int().min(holdMinutesRange.min).max(holdMinutesRange.max).optional(),
  seatsPerLibrary: z.number().int().min(1).max(10_000).nullable().optional(),
  /** The meeting's themes, in the network's order; the list replaces the one before. */
  themeIds: z
    .array(idSchema)
    .max(20)
    .transform((ids) => [...new Set(ids)])
    .optional(),
};

/** Pairs of instants that must come in order, each checked where both are sent (the service checks against the stored one). */
function refineOrder(
  value: {
    startsAt?: string | undefined;
    endsAt?: string | undefined;
    registrationOpensAt?: string | null | undefined;
    registrationClosesAt?: string | null | undefined;
  },
  context: z.RefinementCtx,
) {
  const { registrationOpensAt: opens, registrationClosesAt: closes, startsAt, endsAt } = value;
  if (opens && closes && Date.parse(closes) <= Date.parse(opens))
    context.addIssue({ code: 'custom', path: ['registrationClosesAt'], message: fieldErrorCode.closes_before_opens });
  if (startsAt && endsAt && Date.parse(endsAt) <= Date.parse(startsAt))
    context.addIssue({ code: 'custom', path: ['endsAt'], message: fieldErrorCode.ends_before_starts });
}

/**
 * The coordinator's change to a meeting: only the fields sent change. A field that cannot be
 * changed here is named in the 400 answer (`not_editable`) rather than silently ignored.
 */
export const meetingUpdateSchema = z
  .looseObject(meetingUpdateFields)
  .superRefine((value, context) => {
    for (const key of Object.keys(value)) {
      if (!(key in meetingUpdateFields))
        context.addIssue({ code: 'custom', path: [key], message: fieldErrorCode.not_editable });
    }
    refineOrder(value, context);
  })
  .meta({ id: 'MeetingUpdate' });
export type MeetingUpdate = z.infer<typeof meetingUpdateSchema>;

/** A new meeting starts as a draft, seen by coordinators only; its slug is made from the title unless given. */
export const meetingCreateSchema = z
  .object({
    ...meetingUpdateFields,
    title: textSchema(200, 'single').min(1),
    startsAt: instantSchema,
    endsAt: instantSchema,
    capacity: z.number().int().min(1).max(10_000),
    slug: slugSchema.optional(),
    /** The agenda it starts with: the standing template laid on its time (the default), or none. */
    agenda: z.enum(['template', 'empty']).default('template'),
  })
  .strict()
  .superRefine(refineOrder)
  .meta({ id: 'MeetingCreate' });
export type MeetingCreate = z.infer<typeof meetingCreateSchema>;

/**
 * How a meeting moves through its life. A draft is the coordinator's; announced is "save the
 * date" (public, no registration); open takes registrations; closed takes none; held and
 * cancelled are final. A draft is deleted rather than cancelled.
 */
export const meetingTransitions: Readonly<Record<MeetingStatus, readonly MeetingStatus[]>> = {
  draft: ['announced', 'open'],
  announced: ['open', 'cancelled'],
  open: ['closed', 'held', 'cancelled'],
  closed: ['open', 'held', 'cancelled'],
  held: [],
  cancelled: [],
};

/** A repeat of a meeting's format on a new date: a draft with its texts, venue, settings, themes and agenda. */
export const meetingDuplicateSchema = z
  .object({
    /** The new start; the end, the agenda and the registration window move with it. */
    startsAt: instantSchema,
    title: textSchema(200, 'single').min(1).optional(),
  })
  .strict()
  .meta({ id: 'MeetingDuplicate' });
export type MeetingDuplicate = z.infer<typeof meetingDuplicateSchema>;

/** The coordinator's list: every status, drafts too. */
export const coordinatorMeetingListQuerySchema = pageQuerySchema.extend({
  status: commaSeparated(meetingStatusSchema).optional(),
});
export type CoordinatorMeetingListQuery = z.infer<typeof coordinatorMeetingListQuerySchema>;

export const meetingStatusChangeSchema = z
  .object({
    status: z.enum(['announced', 'open', 'closed', 'held', 'cancelled']),
    /** Told to registrants with a cancellation. */
    reason: textSchema(500, 'multi').min(1).optional(),
  })
  .strict()
  .meta({ id: 'MeetingStatusChange' });
export type MeetingStatusChange = z.infer<typeof meetingStatusChangeSchema>;

/** Decides the registration state; shared so that the rule has one home. */
export function registrationStateOf(
  meeting: {
    status: MeetingStatus;
    registrationOpensAt: Date | null;
    registrationClosesAt: Date | null;
    waitlistEnabled: boolean;
    startsAt: Date;
  },
  seats: Pick<Seats, 'available'>,
  now: Date,
): RegistrationState {
  if (meeting.status === 'cancelled') return 'cancelled';
  if (meeting.status === 'draft' || meeting.status === 'announced') return 'not_yet_open';
  if (meeting.status !== 'open') return 'closed';
  if (meeting.registrationOpensAt && now < meeting.registrationOpensAt) return 'not_yet_open';
  const closesAt = meeting.registrationClosesAt ?? meeting.startsAt;
  if (now >= closesAt) return 'closed';
  if (seats.available > 0) return 'open';
  return meeting.waitlistEnabled ? 'waitlist' : 'full';
}
