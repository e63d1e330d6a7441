import { z } from 'zod';
import { idSchema, instantSchema, localeSchema, optionalText } from './common';
import { emailSchema, personNameSchema } from './members';

export const registrationStatusSchema = z.enum(['confirmed', 'waitlisted', 'cancelled']);
export type RegistrationStatus = z.infer<typeof registrationStatusSchema>;

const needsFields = {
  dietaryNeeds: optionalText(500),
  accessibilityNeeds: optionalText(500),
  comment: optionalText(2000),
};

/**
 * The registration form, on both sides: the web form validates with it, the API parses with it.
 * A library is either one from the list (`libraryId`) or free text (`libraryName`).
 */
export const registrationCreateSchema = z
  .object({
    name: personNameSchema,
    email: emailSchema,
    libraryId: z.uuid().optional(),
    libraryName: optionalText(200),
    jobTitle: optionalText(120),
    ...needsFields,
    consent: z.literal(true, { error: 'consent_required' }),
    locale: localeSchema.default('da'),
    /** Bot trap: a field people never see. Anything in it marks the request as automated. */
    website: z.string().max(500).optional(),
  })
  .refine((value) => value.libraryId !== undefined || value.libraryName !== undefined, {
    path: ['libraryId'],
    message: 'library_required',
  })
  .meta({ id: 'RegistrationCreate' });
export type RegistrationCreate = z.input<typeof registrationCreateSchema>;
export type RegistrationCreateParsed = z.output<typeof registrationCreateSchema>;

export const registrationCreatedSchema = z
  .object({
    /** Absent when the e-mail was already registered: nothing is revealed, the manage link is re-sent. */
    id: idSchema.nullable(),
    status: z.enum(['confirmed', 'waitlisted', 'already_registered']),
    waitlistPosition: z.number().int().nullable(),
  })
  .meta({ id: 'RegistrationCreated' });
export type RegistrationCreated = z.infer<typeof registrationCreatedSchema>;

export const registrationUpdateSchema = z
  .object({
    libraryId: z.uuid().nullable().optional(),
    libraryName: optionalText(200).nullable(),
    jobTitle: optionalText(120).nullable(),
    dietaryNeeds: optionalText(500).nullable(),
    accessibilityNeeds: optionalText(500).nullable(),
    comment: optionalText(2000).nullable(),
    locale: localeSchema.optional(),
  })
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
    locale: localeSchema,
    createdAt: instantSchema,
    updatedAt: instantSchema,
    cancelledAt: instantSchema.nullable(),
  })
  .meta({ id: 'Registration' });
export type Registration = z.infer<typeof registrationSchema>;

export const registrationTokenHeader = 'x-registration-token';
export const idempotencyKeyHeader = 'idempotency-key';
