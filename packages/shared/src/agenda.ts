import { z } from 'zod';
import { clearableText, idSchema, instantSchema, textSchema } from './common';
import { fieldErrorCode } from './errors';

export const agendaItemKindSchema = z.enum(['welcome', 'talk', 'workshop', 'sparring', 'break', 'lunch', 'other']);
export type AgendaItemKind = z.infer<typeof agendaItemKindSchema>;

export const agendaItemSchema = z
  .object({
    id: idSchema,
    position: z.number().int(),
    startsAt: instantSchema,
    endsAt: instantSchema,
    title: z.string(),
    kind: agendaItemKindSchema,
    speakerName: z.string().nullable(),
    speakerOrganisation: z.string().nullable(),
    description: z.string().nullable(),
  })
  .meta({ id: 'AgendaItem' });
export type AgendaItem = z.infer<typeof agendaItemSchema>;

export const agendaItemInputSchema = z
  .object({
    startsAt: instantSchema,
    endsAt: instantSchema,
    title: textSchema(200, 'single').min(1),
    kind: agendaItemKindSchema.default('other'),
    speakerName: clearableText(200, 'single'),
    speakerOrganisation: clearableText(200, 'single'),
    description: clearableText(2000, 'multi'),
  })
  .strict()
  .meta({ id: 'NewAgendaItem' });
export type AgendaItemInput = z.input<typeof agendaItemInputSchema>;

/** Items the agenda holds at most: a day's meeting has a dozen. */
export const agendaMaxItems = 50;

/**
 * A whole agenda, in the order it is shown. Each item ends after it starts and none overlaps the
 * next; that they lie inside the meeting is checked against the meeting (the API: `outside_meeting`).
 */
export const agendaReplaceSchema = z
  .object({ items: z.array(agendaItemInputSchema).max(agendaMaxItems) })
  .strict()
  .superRefine(({ items }, context) => {
    items.forEach((item, index) => {
      if (Date.parse(item.endsAt) <= Date.parse(item.startsAt))
        context.addIssue({
          code: 'custom',
          path: ['items', index, 'endsAt'],
          message: fieldErrorCode.ends_before_starts,
        });
      const previous = items[index - 1];
      if (previous && Date.parse(item.startsAt) < Date.parse(previous.endsAt))
        context.addIssue({ code: 'custom', path: ['items', index, 'startsAt'], message: fieldErrorCode.overlaps });
    });
  })
  .meta({ id: 'AgendaReplace' });
export type AgendaReplace = z.infer<typeof agendaReplaceSchema>;

/**
 * The standing agenda a new meeting starts from: each item as minutes after the meeting's start
 * and a length, so it fits any date. The coordinator edits it; a meeting copies it once, at creation.
 */
const templateItemFields = {
  offsetMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60 - 1),
  durationMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  title: textSchema(200, 'single').min(1),
  kind: agendaItemKindSchema,
};

export const agendaTemplateItemSchema = z
  .object({ ...templateItemFields, description: z.string().nullable() })
  .meta({ id: 'AgendaTemplateItem' });
export type AgendaTemplateItem = z.infer<typeof agendaTemplateItemSchema>;

export const agendaTemplateSchema = z
  .object({ items: z.array(agendaTemplateItemSchema) })
  .meta({ id: 'AgendaTemplate' });
export type AgendaTemplate = z.infer<typeof agendaTemplateSchema>;

export const agendaTemplateReplaceSchema = z
  .object({
    items: z
      .array(
        z
          .object({
            ...templateItemFields,
            kind: agendaItemKindSchema.default('other'),
            description: clearableText(2000, 'multi'),
          })
          .strict(),
      )
      .max(agendaMaxItems),
  })
  .strict()
  .superRefine(({ items }, context) => {
    items.forEach((item, index) => {
      const previous = items[index - 1];
      if (previous && item.offsetMinutes < previous.offsetMinutes + previous.durationMinutes)
        context.addIssue({ code: 'custom', path: ['items', index, 'offsetMinutes'], message: fieldErrorCode.overlaps });
    });
  })
  .meta({ id: 'AgendaTemplateReplace' });
export type AgendaTemplateReplace = z.infer<typeof agendaTemplateReplaceSchema>;
