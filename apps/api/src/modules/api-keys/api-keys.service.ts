import {
  type ApiKey,
  type ApiKeyCreated,
  type ApiScope,
  apiKeyPrefix,
  apiScopeSchema,
  apiScopes,
} from '@bok/shared/api-keys';
import type { Database } from '../../db/prisma';
import { AppError, notFound } from '../../lib/app-error';
import { auditRepository } from '../audit/audit.repository';
import { hashToken, newToken } from '../auth/auth.tokens';
import { type ApiKeyRecord, apiKeysRepository } from './api-keys.repository';

/** Who acts: a signed-in coordinator, an API key, or the system (the CLI). */
export interface Actor {
  type: 'coordinator' | 'api_key' | 'system';
  id: string | null;
  /** What the actor may do: every scope for a coordinator and the system. */
  scopes: readonly ApiScope[];
}

/** An API key as the auth plugin knows it once it has been presented. */
export interface ApiKeyCaller {
  id: string;
  name: string;
  scopes: ApiScope[];
}

/** lastUsedAt is written at most once a minute per key. */
const touchIntervalMs = 60_000;
/** Characters of the key kept in clear to tell keys apart: "bok_" and 8 of its 43 random ones (48 bits). */
const shownPrefixLength = apiKeyPrefix.length + 8;

function toApiKey(record: ApiKeyRecord): ApiKey {
  return {
    id: record.id,
    name: record.name,
    prefix: record.prefix,
    scopes: record.scopes.filter((scope): scope is ApiScope => apiScopeSchema.safeParse(scope).success),
    createdAt: record.createdAt.toISOString(),
    createdBy: record.createdBy,
    lastUsedAt: record.lastUsedAt?.toISOString() ?? null,
    revokedAt: record.revokedAt?.toISOString() ?? null,
  };
}

export function apiKeysService(db: Database) {
  const repository = apiKeysRepository(db);

  return {
    /**
     * A new key, shown in the answer and never again: only its SHA-256 is stored (it is 256 random
     * bits, so a fast hash is enough). A key may only create keys with scopes it has itself.
     */
    async create(
      input: { name: string; scopes: ApiScope[] },
      actor: Actor,
      context: { ip: string | null; now: Date },
    ): Promise<ApiKeyCreated> {
      const missing = input.scopes.find((scope) => !actor.scopes.includes(scope));
      if (missing) {
        throw new AppError('forbidden', `A key cannot grant the scope ${missing}, which it does not have itself.`, {
          requiredScope: missing,
        });
      }
      const key = `${apiKeyPrefix}${newToken()}`;
      return db.$transaction(async (tx) => {
        const created = await apiKeysRepository(tx).create({
          name: input.name,
          prefix: key.slice(0, shownPrefixLength),
          keyHash: hashToken(key),
          scopes: input.scopes,
          createdById: actor.type === 'coordinator' ? actor.id : null,
          createdAt: context.now,
        });
        await auditRepository(tx).record({
          actorType: actor.type,
          actorId: actor.id,
          action: 'api_key.created',
          entityType: 'api_key',
          entityId: created.id,
          data: { name: input.name, scopes: input.scopes },
          ip: context.ip,
          at: context.now,
        });
        return { ...toApiKey(created), key };
      });
    },

    async list(): Promise<{ items: ApiKey[] }> {
      return { items: (await repository.findAll()).map(toApiKey) };
    },

    /** Revokes a key at once; revoking a revoked key changes nothing (a retry is safe). */
    async revoke(id: string, actor: Actor, context: { ip: string | null; now: Date }): Promise<void> {
      await db.$transaction(async (tx) => {
        const keys = apiKeysRepository(tx);
        if (!(await keys.findById(id))) throw notFound('The API key');
        if (!(await keys.revoke(id, context.now))) return;
        await auditRepository(tx).record({
          actorType: actor.type,
          actorId: actor.id,
          action: 'api_key.revoked',
          entityType: 'api_key',
          entityId: id,
          ip: context.ip,
          at: context.now,
        });
      });
    },

    /** The key presented in `Authorization: Bearer …`, if it exists and is not revoked. */
    async authenticate(key: string, now: Date): Promise<ApiKeyCaller | null> {
      if (!key.startsWith(apiKeyPrefix) || key.length > 200) return null;
      const record = await repository.findByKeyHash(hashToken(key));
      if (!record || record.revokedAt) return null;
      if (!record.lastUsedAt || now.getTime() - record.lastUsedAt.getTime() >= touchIntervalMs) {
        await repository.touch(record.id, now, touchIntervalMs);
      }
      return { id: record.id, name: record.name, scopes: toApiKey(record).scopes };
    },
  };
}

export const allScopes: readonly ApiScope[] = apiScopes;
