import { z } from 'zod';
import { textSchema } from './common';

/** Lower-cased and trimmed: the one identity of an e-mail address across the product. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export const emailSchema = z.string().trim().max(254).pipe(z.email());

/** One line: a name goes into e-mail greetings and the To header. */
export const personNameSchema = textSchema(120, 'single').min(1);

/** Followers are shown only as counts per library: names and e-mails stay private. */
export const followersByLibrarySchema = z
  .object({
    libraryId: z.uuid().nullable(),
    libraryName: z.string(),
    count: z.number().int(),
  })
  .meta({ id: 'FollowersByLibrary' });
export type FollowersByLibrary = z.infer<typeof followersByLibrarySchema>;
