import { z } from 'zod';
import { idSchema, instantSchema, textSchema } from './common';

/**
 * What an API key may do, per resource and action. A coordinator's session may do everything;
 * a key only what it was given. `read` sees what the public cannot (drafts, participants,
 * outbox, audit); `write` creates, changes and deletes.
 */
export const apiScopes = [
  'meetings:read',
  'meetings:write',
  'registrations:read',
  'registrations:write',
  'themes:write',
  'libraries:write',
  'network:write',
  'members:read',
  'emails:read',
  'api-keys:read',
  'api-keys:write',
  'audit:read',
] as const;
export const apiScopeSchema = z.enum(apiScopes);
export type ApiScope = z.infer<typeof apiScopeSchema>;

/** Every key starts so, which lets secret scanners and people recognise one. */
export const apiKeyPrefix = 'bok_';

export const apiKeyCreateSchema = z
  .object({
    name: textSchema(120, 'single').min(1),
    scopes: z
      .array(apiScopeSchema)
      .min(1)
      .transform((scopes) => [...new Set(scopes)].sort()),
  })
  .meta({ id: 'ApiKeyCreate' });
export type ApiKeyCreate = z.input<typeof apiKeyCreateSchema>;

export const apiKeySchema = z
  .object({
    id: idSchema,
    name: z.string(),
    /** The key's first characters, to tell keys apart; never enough to use it. */
    prefix: z.string(),
    scopes: z.array(apiScopeSchema),
    createdAt: instantSchema,
    createdBy: z.object({ id: idSchema, name: z.string() }).nullable(),
    /** Updated at most once a minute. */
    lastUsedAt: instantSchema.nullable(),
    revokedAt: instantSchema.nullable(),
  })
  .meta({ id: 'ApiKey' });
export type ApiKey = z.infer<typeof apiKeySchema>;

/** The answer to creating a key: the only time the key itself is shown. */
export const apiKeyCreatedSchema = apiKeySchema.extend({ key: z.string() }).meta({ id: 'ApiKeyCreated' });
export type ApiKeyCreated = z.infer<typeof apiKeyCreatedSchema>;

/** Newest first, revoked ones included. */
export const apiKeyListSchema = z.object({ items: z.array(apiKeySchema) }).meta({ id: 'ApiKeyList' });
export type ApiKeyList = z.infer<typeof apiKeyListSchema>;

export const apiKeyIdParamsSchema = z.object({ id: idSchema });
