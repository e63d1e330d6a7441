import { z } from 'zod';
import { clearableText, idSchema, instantSchema, localeSchema, optionalText } from './common';
import { fieldErrorCode } from './errors';
import { emailSchema, personNameSchema } from './members';
import { answersInputSchema, answersSchema } from './questions';

export const registrationStatusSchema = z.enum(['confirmed', 'waitlisted', 'cancelled']);
export type RegistrationStatus = z.infer<typeof registrationStatusSchema>;

const needsFields = {
  dietaryNeeds: optionalText(500, 'multi'),
  accessibilityNeeds: optionalText(500, 'multi'),
  comment: optionalText(2000, 'multi'),
};

/**
 * A library is either one from the list (`libraryId`) or free text (`libraryName`), never both:
 * which one the registration has must not depend on which the server prefers. The one rule for
 * a new registration and a change to one (null and absent both mean "not this one").
 */
function hasOneLibraryAtMost(value: { libraryId?: string | null; libraryName?: string | null }): boolean {
  return value.libraryId == null || value.libraryName == null;
}
const libraryChooseOne = { path: ['libraryName'], message: fieldErrorCode.library_choose_one };

/**
 * The registration form, on both sides: the web form validates with it, the API parses with it.
 */
/** Who registers: the same fields whether they register themselves or the coordinator adds them. */
export const registrantFields = {
  /** Answers to the meeting's own questions, by question id (checked against them: questions.ts). */
  answers: answersInputSchema,
  name: personNameSchema,
  email: emailSchema,
  libraryId: z.uuid().optional(),
  libraryName: optionalText(200, 'single'),
  jobTitle: optionalText(120, 'single'),
  ...needsFields,
  locale: localeSchema.default('da'),
};

export const registrationCreateSchema = z
  .object({
    ...registrantFields,
    consent: z.literal(true, { error: fieldErrorCode.consent_required }),
    /** Bot trap: a field people never see. Anything in it marks the request as automated. */
    website: z.string().max(500).optional(),
  })
  .refine((value) => value.libraryId !== undefined || value.libraryName !== undefined, {
    path: ['libraryId'],
    message: fieldErrorCode.library_required,
  })
  .refine(hasOneLibraryAtMost, libraryChooseOne)
  .meta({ id: 'RegistrationCreate' });

export { hasOneLibraryAtMost, libraryChooseOne };
export type RegistrationCreate = z.input<typeof registrationCreateSchema>;
export type RegistrationCreateParsed = z.output<typeof registrationCreateSchema>;

/** 201: a new registration, with a seat or on the waitlist at `waitlistPosition`. */
/**
 * On a meeting that asks for confirmation: the place is held until this instant for the registrant
 * to confirm from the e-mail; null when it is theirs already.
 */
const confirmBySchema = instantSchema.nullable();

export const registrationCreatedNewSchema = z
  .discriminatedUnion('status', [
    z.object({ id: idSchema, status: z.literal('confirmed'), waitlistPosition: z.null(), confirmBy: confirmBySchema }),
    z.object({
      id: idSchema,
      status: z.literal('waitlisted'),
      waitlistPosition: z.number().int().positive(),
      confirmBy: confirmBySchema,
    }),
  ])
  .meta({ id: 'RegistrationCreatedNew' });

/**
 * 202: the address already has an active registration for the meeting. Nothing was created and
 * nothing about the existing registration is shown; its manage link was e-mailed to the address.
 */
export const registrationAlreadyRegisteredSchema = z
  .object({
    id: z.null(),
    status: z.literal('already_registered'),
    waitlistPosition: z.null(),
    confirmBy: z.null(),
  })
  .meta({ id: 'RegistrationAlreadyRegistered' });

/** The answer to a registration POST, 201 or 202: what a client parses, the body telling which. */
export const registrationCreatedSchema = z
  .discriminatedUnion('status', [registrationCreatedNewSchema, registrationAlreadyRegisteredSchema])
  .meta({ id: 'RegistrationCreated' });
export type RegistrationCreated = z.infer<typeof registrationCreatedSchema>;
export type RegistrationCreatedNew = z.infer<typeof registrationCreatedNewSchema>;

const updateFields = {
  libraryId: z.preprocess((value) => (value === '' ? null : value), z.uuid().nullable().optional()),
  libraryName: clearableText(200, 'single'),
  jobTitle: clearableText(120, 'single'),
  dietaryNeeds: clearableText(500, 'multi'),
  accessibilityNeeds: clearableText(500, 'multi'),
  comment: clearableText(2000, 'multi'),
  locale: localeSchema.optional(),
  /** All answers to the meeting's questions, as they are to be (checked against the questions). */
  answers: answersInputSchema,
};

/**
 * What a registrant may change through the manage link. Name and e-mail are the registration's
 * identity and cannot be changed: a field that is not editable is named in the 400 answer
 * (`not_editable`) rather than silently ignored. Choosing a library from the list clears a
 * free-text one, and vice versa; sending both is refused as on a new registration.
 */
export const registrationUpdateSchema = z
  .looseObject(updateFields)
  .superRefine((value, context) => {
    for (const key of Object.keys(value)) {
      if (!(key in updateFields))
        context.addIssue({ code: 'custom', path: [key], message: fieldErrorCode.not_editable });
    }
  })
  .refine(hasOneLibraryAtMost, libraryChooseOne)
  .meta({ id: 'RegistrationUpdate' });
export type RegistrationUpdate = z.infer<typeof registrationUpdateSchema>;

export const registrationSchema = z
  .object({
    id: idSchema,
    meetingId: idSchema,
    status: registrationStatusSchema,
    waitlistPosition: z.number().int().nullable(),
    name: z.string(),
    email: z.string(),
    libraryId: idSchema.nullable(),
    libraryName: z.string().nullable(),
    jobTitle: z.string().nullable(),
    dietaryNeeds: z.string().nullable(),
    accessibilityNeeds: z.string().nullable(),
    comment: z.string().nullable(),
    answers: answersSchema,
    locale: localeSchema,
    createdAt: instantSchema,
    updatedAt: instantSchema,
    cancelledAt: instantSchema.nullable(),
    /**
     * Set while the place is held awaiting confirmation from the e-mail (`POST …/confirm`); kept on
     * a registration cancelled because the hold ended unconfirmed.
     */
    holdExpiresAt: instantSchema.nullable(),
    emailConfirmedAt: instantSchema.nullable(),
  })
  .meta({ id: 'Registration' });
export type Registration = z.infer<typeof registrationSchema>;

export const registrationTokenHeader = 'x-registration-token';
export const idempotencyKeyHeader = 'idempotency-key';

/**
 * Registration ids in paths are not checked as uuids: a malformed id must get the same 404 as an
 * unknown one, or a wrong token.
 */
export const registrationIdParamsSchema = z.object({ id: z.string().min(1).max(120) });

/** Optional on purpose: a missing token is answered like a wrong one, with 404. */
export const registrationTokenHeadersSchema = z.object({
  [registrationTokenHeader]: z.string().max(200).optional(),
});

/** Printable ASCII, as in the IETF Idempotency-Key draft; clients usually send a uuid. */
export const registrationCreateHeadersSchema = z.object({
  [idempotencyKeyHeader]: z
    .string()
    .min(1)
    .max(255)
    .regex(/^[\x21-\x7e]+$/, 'printable_ascii')
    .optional(),
});
