import { z } from 'zod';
import { idSchema, instantSchema, textSchema } from './common';

/** Who a message goes to: the seats, the waitlist, or those who came (after the meeting, say). */
export const messageAudienceSchema = z.enum(['confirmed', 'waitlisted', 'checked_in']);
export type MessageAudience = z.infer<typeof messageAudienceSchema>;

/**
 * A message from the coordinator to a group of a meeting's participants. It is written in one
 * language; each e-mail puts it in its recipient's language frame (greeting, the meeting's details,
 * their registration link).
 */
export const messageCreateSchema = z
  .object({
    audience: messageAudienceSchema,
    subject: textSchema(200, 'single').min(1),
    body: textSchema(5000, 'multi').min(1),
  })
  .strict()
  .meta({ id: 'MessageCreate' });
export type MessageCreate = z.input<typeof messageCreateSchema>;

export const messageSchema = z
  .object({
    id: idSchema,
    audience: messageAudienceSchema,
    subject: z.string(),
    body: z.string(),
    /** How many it was written to when sent. */
    recipientCount: z.number().int(),
    createdAt: instantSchema,
    sentBy: z.object({ type: z.enum(['coordinator', 'api_key', 'system']), name: z.string().nullable() }),
  })
  .meta({ id: 'Message' });
export type Message = z.infer<typeof messageSchema>;

export const messageListSchema = z.object({ items: z.array(messageSchema) }).meta({ id: 'MessageList' });
export type MessageList = z.infer<typeof messageListSchema>;

/** What would be sent: how many get it, and the e-mail as a Danish-speaking recipient reads it. */
export const messagePreviewSchema = z
  .object({
    recipientCount: z.number().int(),
    subject: z.string(),
    text: z.string(),
  })
  .meta({ id: 'MessagePreview' });
export type MessagePreview = z.infer<typeof messagePreviewSchema>;
