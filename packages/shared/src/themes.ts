import { z } from 'zod';
import { idSchema, slugSchema } from './common';

export const themeStatusSchema = z.enum(['proposed', 'active', 'archived']);
export type ThemeStatus = z.infer<typeof themeStatusSchema>;

export const themeSummarySchema = z
  .object({ id: idSchema, slug: slugSchema, title: z.string() })
  .meta({ id: 'ThemeSummary' });
export type ThemeSummary = z.infer<typeof themeSummarySchema>;

export const themeSchema = themeSummarySchema
  .extend({
    description: z.string().nullable(),
    status: themeStatusSchema,
    meetingCount: z.number().int(),
  })
  .meta({ id: 'Theme' });
export type Theme = z.infer<typeof themeSchema>;

export const themeListSchema = z.object({ items: z.array(themeSchema) }).meta({ id: 'ThemeList' });
export type ThemeList = z.infer<typeof themeListSchema>;
