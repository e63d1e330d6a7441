import { z } from 'zod';

/** Lower-cased and trimmed: the one identity of an e-mail address across the product. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export const emailSchema = z.string().trim().max(254).pipe(z.email());

export const personNameSchema = z.string().trim().min(1).max(120);

/** Followers are shown only as counts per library: names and e-mails stay private. */
export const followersByLibrarySchema = z
  .object({
    libraryId: z.uuid().nullable(),
    libraryName: z.string(),
    count: z.number().int(),
  })
  .meta({ id: 'FollowersByLibrary' });
export type FollowersByLibrary = z.infer<typeof followersByLibrarySchema>;
