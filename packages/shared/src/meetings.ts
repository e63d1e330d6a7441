import { z } from 'zod';
import { agendaItemSchema } from './agenda';
import { idSchema, instantSchema, lookupSchema, pageQuerySchema, pageSchema, slugSchema } from './common';
import { librarySchema } from './libraries';
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

export const meetingDetailSchema = meetingSummarySchema
  .extend({
    description: z.string().nullable(),
    agenda: z.array(agendaItemSchema),
    /** Bumped when a change matters to calendars (iCalendar SEQUENCE). */
    sequence: z.number().int(),
    updatedAt: instantSchema,
  })
  .meta({ id: 'MeetingDetail' });
export type MeetingDetail = z.infer<typeof meetingDetailSchema>;

const statusListSchema = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.enum(publicMeetingStatuses)).min(1));

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
