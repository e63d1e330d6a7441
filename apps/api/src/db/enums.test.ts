import { agendaItemKindSchema } from '@bok/shared/agenda';
import { localeSchema } from '@bok/shared/common';
import { emailKindSchema, emailStatusSchema } from '@bok/shared/emails';
import { meetingStatusSchema } from '@bok/shared/meetings';
import { registrationStatusSchema } from '@bok/shared/registrations';
import { themeStatusSchema } from '@bok/shared/themes';
import { describe, expect, it } from 'vitest';
import * as database from '../generated/prisma/enums';

// The shared schemas and the database must name the same values: a value added on one side only
// would pass validation and fail in the database, or the other way round.
describe('the shared enums match the database enums', () => {
  const pairs = [
    ['MeetingStatus', meetingStatusSchema.options, database.MeetingStatus],
    ['AgendaItemKind', agendaItemKindSchema.options, database.AgendaItemKind],
    ['RegistrationStatus', registrationStatusSchema.options, database.RegistrationStatus],
    ['ThemeStatus', themeStatusSchema.options, database.ThemeStatus],
    ['Locale', localeSchema.options, database.Locale],
    ['EmailKind', emailKindSchema.options, database.EmailKind],
    ['EmailStatus', emailStatusSchema.options, database.EmailStatus],
  ] as const;

  for (const [name, shared, prisma] of pairs) {
    it(name, () => {
      expect([...shared].sort()).toEqual(Object.values(prisma).sort());
    });
  }
});
