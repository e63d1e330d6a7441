import { z } from 'zod';
import { idSchema, instantSchema, localeSchema } from './common';
import { answersSchema } from './questions';
import { hasOneLibraryAtMost, libraryChooseOne, registrantFields, registrationStatusSchema } from './registrations';

/**
 * The coordinator's view of a meeting's registrations: who comes, from where, with which needs,
 * and who has arrived. Only the coordinator (or a key with `registrations:read`) sees it.
 */
export const participantSchema = z
  .object({
    id: idSchema,
    name: z.string(),
    email: z.string(),
    library: z.object({ id: idSchema, name: z.string() }).nullable(),
    /** Free text when the registrant's library is not in the list. */
    libraryName: z.string().nullable(),
    jobTitle: z.string().nullable(),
    dietaryNeeds: z.string().nullable(),
    accessibilityNeeds: z.string().nullable(),
    comment: z.string().nullable(),
    locale: localeSchema,
    status: registrationStatusSchema,
    waitlistPosition: z.number().int().nullable(),
    /** Set while the place is held awaiting confirmation from the e-mail. */
    holdExpiresAt: instantSchema.nullable(),
    createdAt: instantSchema,
    cancelledAt: instantSchema.nullable(),
    checkedInAt: instantSchema.nullable(),
    /** Answers to the meeting's own questions, by question id. */
    answers: answersSchema,
  })
  .meta({ id: 'Participant' });
export type Participant = z.infer<typeof participantSchema>;

export const participantSortKeys = ['name', 'library', 'createdAt', 'status', 'checkedInAt'] as const;
export type ParticipantSortKey = (typeof participantSortKeys)[number];
export const participantSortSchema = z
  .enum([...participantSortKeys, ...participantSortKeys.map((key) => `-${key}` as const)])
  .default('name');
export type ParticipantSort = z.infer<typeof participantSortSchema>;

/** The most one answer holds: more than any meeting of the network has had registrations. */
export const participantListMax = 2000;

const booleanQuery = z.enum(['true', 'false']).transform((value) => value === 'true');

export const participantListQuerySchema = z
  .object({
    /** Part of a name, an e-mail address or a library, any case. */
    q: z.string().trim().max(200).optional(),
    status: registrationStatusSchema.optional(),
    libraryId: idSchema.optional(),
    checkedIn: booleanQuery.optional(),
    /** A key, or `-key` for descending; ties by name, then id. */
    sort: participantSortSchema,
    /** Danish or English column names in the CSV. */
    locale: localeSchema.optional(),
  })
  .strict();
export type ParticipantListQuery = z.output<typeof participantListQuerySchema>;

export const participantCountsSchema = z
  .object({
    confirmed: z.number().int(),
    waitlisted: z.number().int(),
    cancelled: z.number().int(),
    /** Seats held awaiting confirmation from the e-mail (counted among the confirmed or waitlisted too). */
    held: z.number().int(),
    checkedIn: z.number().int(),
    capacity: z.number().int(),
  })
  .meta({ id: 'ParticipantCounts' });
export type ParticipantCounts = z.infer<typeof participantCountsSchema>;

export const participantListSchema = z
  .object({
    items: z.array(participantSchema),
    /** Of the whole meeting, whatever the filters. */
    counts: participantCountsSchema,
  })
  .meta({ id: 'ParticipantList' });
export type ParticipantList = z.infer<typeof participantListSchema>;

/**
 * Someone added by the coordinator (on the phone, at the door). A seat when one is free, else the
 * waitlist, as for anyone; `overrideCapacity` seats them beyond the capacity, knowingly.
 */
export const participantAddSchema = z
  .object({
    ...registrantFields,
    /** Send them the confirmation (or waitlist) e-mail with the invitation and their manage link. */
    notify: z.boolean().default(true),
    overrideCapacity: z.boolean().default(false),
  })
  .strict()
  .refine(hasOneLibraryAtMost, libraryChooseOne)
  .meta({ id: 'ParticipantAdd' });
export type ParticipantAdd = z.input<typeof participantAddSchema>;

/** A seat from the waitlist (beyond the capacity only knowingly), or back to the waitlist's end. */
export const participantMoveSchema = z
  .object({
    to: z.enum(['confirmed', 'waitlisted']),
    overrideCapacity: z.boolean().default(false),
    /** Tell them by e-mail (the seat with its invitation; the waitlist place). */
    notify: z.boolean().default(true),
  })
  .strict()
  .meta({ id: 'ParticipantMove' });
export type ParticipantMove = z.input<typeof participantMoveSchema>;

export const participantCancelSchema = z
  .object({ notify: z.boolean().default(true) })
  .strict()
  .meta({ id: 'ParticipantCancel' });
export type ParticipantCancel = z.input<typeof participantCancelSchema>;

/**
 * A check-in or its undo, as the door's phone made it: `at` is when, by the phone's clock (it may
 * have been offline). The newest change wins; an older one, replayed, changes nothing.
 */
export const checkInSchema = z.object({ at: instantSchema.optional() }).strict().meta({ id: 'CheckIn' });
export type CheckIn = z.input<typeof checkInSchema>;

export const checkInStateSchema = z
  .object({
    id: idSchema,
    checkedInAt: instantSchema.nullable(),
    /** Whether this request changed anything (false for a repeat or an older change). */
    applied: z.boolean(),
  })
  .meta({ id: 'CheckInState' });
export type CheckInState = z.infer<typeof checkInStateSchema>;

/** For the host library: how many to cater for, and the needs to plan for, without names. */
export const headcountSchema = z
  .object({
    confirmed: z.number().int(),
    checkedIn: z.number().int(),
    waitlisted: z.number().int(),
    byLibrary: z.array(z.object({ library: z.string(), count: z.number().int() })),
    /** Each need as written, the same text counted together (case and spacing aside). */
    dietaryNeeds: z.array(z.object({ need: z.string(), count: z.number().int() })),
    accessibilityNeeds: z.array(z.object({ need: z.string(), count: z.number().int() })),
    /** The meeting's choice and yes/no questions, answered by those with a seat: how many chose what. */
    answers: z.array(
      z.object({
        questionId: idSchema,
        label: z.string(),
        counts: z.array(z.object({ answer: z.string(), count: z.number().int() })),
      }),
    ),
  })
  .meta({ id: 'Headcount' });
export type Headcount = z.infer<typeof headcountSchema>;
