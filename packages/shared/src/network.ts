import { z } from 'zod';
import { meetingSummarySchema } from './meetings';
import { followersByLibrarySchema } from './members';
import { themeSchema } from './themes';

export const networkSchema = z
  .object({
    slug: z.string(),
    name: z.string(),
    shortName: z.string(),
    tagline: z.string(),
    intro: z.string(),
    about: z.string(),
    purpose: z.string(),
    targetGroup: z.string(),
    commitmentsIntro: z.string(),
    commitments: z.array(z.string()),
    meetingFormat: z.string(),
    venuePolicy: z.string(),
    callToAction: z.string(),
    coordinator: z.object({ name: z.string(), email: z.string(), organisation: z.string() }),
    themes: z.array(themeSchema),
    upcomingMeetings: z.array(meetingSummarySchema),
    followers: z.object({ total: z.number().int(), byLibrary: z.array(followersByLibrarySchema) }),
  })
  .meta({ id: 'Network' });
export type Network = z.infer<typeof networkSchema>;
