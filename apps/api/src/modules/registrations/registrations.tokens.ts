import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../db/prisma';
import type { AppConfig } from '../../lib/config';
import { hashToken, manageTokenFor } from '../../lib/manage-token';
import { registrationsRepository } from './registrations.repository';
import { transactionOptions } from './registrations.rules';

/** Manage-token hashes rewritten per transaction when APP_SECRET has changed. */
const reissueChunkSize = 500;

/**
 * Makes a change of APP_SECRET a clean rotation. The stored hash is what a manage link is checked
 * against, and e-mails derive their links from the current secret: after a change, links in new
 * e-mails would not work while those in old ones still did. Run at startup, before requests are
 * served: when the newest registration's hash is not that of its token under the current secret,
 * every registration's hash is rewritten (in creation order, `chunkSize` per transaction, so an
 * interrupted run leaves the newest one for last and is simply run again at the next start).
 * Links in e-mails sent before then stop working; the registrants get working ones with their next
 * e-mail (or by submitting the form again, which e-mails the link).
 */
export async function reissueManageTokensIfSecretChanged(
  db: Database,
  config: Pick<AppConfig, 'appSecret'>,
  logger: Pick<FastifyBaseLogger, 'warn'>,
  options: { chunkSize?: number } = {},
): Promise<{ reissued: number }> {
  const chunkSize = options.chunkSize ?? reissueChunkSize;
  const hashFor = (id: string) => hashToken(manageTokenFor(config.appSecret, id));
  const latest = await registrationsRepository(db).findLatestManageToken();
  if (!latest || latest.manageTokenHash === hashFor(latest.id)) return { reissued: 0 };

  let reissued = 0;
  let after: { createdAt: Date; id: string } | null = null;
  for (;;) {
    const chunk: { rewritten: number; size: number; last: { createdAt: Date; id: string } | null } =
      await db.$transaction(async (tx) => {
        const repository = registrationsRepository(tx);
        const rows = await repository.findManageTokensAfter(after, chunkSize);
        const changed = rows
          .map((row) => ({ id: row.id, manageTokenHash: hashFor(row.id), stored: row.manageTokenHash }))
          .filter((row) => row.manageTokenHash !== row.stored);
        const rewritten = changed.length ? await repository.updateManageTokenHashes(changed) : 0;
        return { rewritten, size: rows.length, last: rows.at(-1) ?? null };
      }, transactionOptions);
    reissued += chunk.rewritten;
    if (chunk.size < chunkSize) break;
    after = chunk.last;
  }
  logger.warn(
    { reissued },
    'APP_SECRET has changed: manage tokens re-issued for all registrations; manage links in e-mails sent before no longer work',
  );
  return { reissued };
}
