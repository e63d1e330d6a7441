import { z } from 'zod';
import { idSchema, instantSchema } from './common';

export const auditActorTypeSchema = z.enum(['coordinator', 'registrant', 'api_key', 'system']);
export type AuditActorType = z.infer<typeof auditActorTypeSchema>;

/** The most one page of the log holds. */
export const auditPageMax = 100;

export const auditQuerySchema = z
  .object({
    /** Everything about one meeting: the meeting itself, its agenda and its registrations. */
    meetingId: idSchema.optional(),
    entityType: z.enum(['meeting', 'registration', 'coordinator', 'api_key', 'agenda_template']).optional(),
    entityId: z.string().max(120).optional(),
    /** `meeting.` for every meeting action, or one action exactly (`registration.checked_in`). */
    action: z
      .string()
      .regex(/^[a-z_]+(\.[a-z_]*)?$/, 'an action or its prefix, e.g. meeting. or registration.moved')
      .optional(),
    actorType: auditActorTypeSchema.optional(),
    /** `nextCursor` of the page before: the entries older than it. */
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(auditPageMax).default(50),
  })
  .strict();
export type AuditQuery = z.output<typeof auditQuerySchema>;

export const auditEntrySchema = z
  .object({
    id: idSchema,
    at: instantSchema,
    actor: z.object({
      type: auditActorTypeSchema,
      id: z.string().nullable(),
      /** The coordinator's or the key's name as it is now; null for registrants and the system. */
      name: z.string().nullable(),
    }),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string().nullable(),
    /** What the entry is about, as it is now (a meeting's title, a registrant's name); null once gone. */
    entityLabel: z.string().nullable(),
    /** What changed: fields, before and after; never passwords, tokens or codes. */
    data: z.record(z.string(), z.unknown()).nullable(),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditPageSchema = z
  .object({
    /** Newest first. */
    items: z.array(auditEntrySchema),
    /** Pass as `cursor` for the older entries; null at the end. */
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'AuditPage' });
export type AuditPage = z.infer<typeof auditPageSchema>;
