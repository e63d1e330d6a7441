import { z } from 'zod';
import { idSchema, instantSchema } from './common';

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
