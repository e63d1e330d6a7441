import type { Database } from '../../db/prisma';
import { generatePassword } from './auth.passwords';
import { createCoordinator } from './auth.service';
import { coordinatorsRepository } from './coordinators.repository';

export const demoCoordinatorEmail = 'koordinator@bok.example';

/**
 * On a demo's first start: a coordinator with a generated password, so the dashboard can be tried
 * at once. Returns the credentials to be shown once, or null when a coordinator exists already.
 */
export async function createDemoCoordinator(
  db: Database,
  now: Date,
): Promise<{ email: string; password: string } | null> {
  if ((await coordinatorsRepository(db).count()) > 0) return null;
  const password = generatePassword();
  await createCoordinator(db, { email: demoCoordinatorEmail, name: 'Demo-koordinator', password }, { now });
  return { email: demoCoordinatorEmail, password };
}
