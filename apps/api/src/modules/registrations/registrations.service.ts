import type { Database } from '../../db/prisma';
import type { AppConfig } from '../../lib/config';
import { manageService } from './registrations.manage';
import { type RegistrationsServiceOptions, registerService } from './registrations.register';

export type { RegisterOutcome, RegistrationsServiceOptions } from './registrations.register';

/**
 * Everything a registrant does: register (registrations.register.ts) and, through the manage
 * link, look, change, confirm and cancel (registrations.manage.ts). The rules they share are
 * in registrations.rules.ts; how places move afterwards, in registrations.waitlist.ts.
 */
export function registrationsService(db: Database, config: AppConfig, options: RegistrationsServiceOptions = {}) {
  return { ...registerService(db, config, options), ...manageService(db, options) };
}

export type RegistrationsService = ReturnType<typeof registrationsService>;
