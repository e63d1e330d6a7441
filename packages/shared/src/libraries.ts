import { z } from 'zod';
import { idSchema, slugSchema } from './common';

export const librarySchema = z
  .object({
    id: idSchema,
    slug: slugSchema,
    name: z.string(),
    municipality: z.string(),
    street: z.string().nullable(),
    postalCode: z.string().nullable(),
    city: z.string().nullable(),
    isMember: z.boolean(),
  })
  .meta({ id: 'Library' });
export type Library = z.infer<typeof librarySchema>;

export const libraryListSchema = z.object({ items: z.array(librarySchema) }).meta({ id: 'LibraryList' });
export type LibraryList = z.infer<typeof libraryListSchema>;
