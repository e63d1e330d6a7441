import { z } from 'zod';
import { idSchema, instantSchema, localeSchema } from './common';
import { commonPasswordsText } from './common-passwords';
import { emailSchema, personNameSchema } from './members';

/** The header that carries a session's CSRF token on every state-changing request. */
export const csrfTokenHeader = 'x-csrf-token';

export const passwordMinLength = 12;
export const passwordMaxLength = 128;

let commonPasswords: Set<string> | undefined;

/** Whether a password is one of the common ones people (and guessers) pick, ignoring case. */
export function isCommonPassword(password: string): boolean {
  commonPasswords ??= new Set(commonPasswordsText.split('\n'));
  return commonPasswords.has(password.toLowerCase());
}

/**
 * The password rule, the only one (OWASP ASVS 5.0, V6.2): 12 to 128 characters, not a common
 * password, nothing else — no composition rules, no trimming (spaces count, a passphrase is welcome).
 * Length counts characters (code points), not UTF-16 units.
 */
export const passwordSchema = z
  .string()
  .refine((value) => [...value].length >= passwordMinLength, { message: 'password_too_short' })
  .refine((value) => [...value].length <= passwordMaxLength, { message: 'password_too_long' })
  .refine((value) => !isCommonPassword(value), { message: 'password_too_common' });

/** A password being checked, not chosen: any length up to a bound, so an old one still signs in. */
const presentedPasswordSchema = z.string().min(1).max(1024);

/** Six digits from the authenticator app. */
export const totpCodeSchema = z
  .string()
  .trim()
  .regex(/^\d{6}$/, 'six digits');

/** As printed (xxxx-xxxx-xxxx-xxxx); case, spaces and hyphens do not matter. */
export const recoveryCodeSchema = z.string().trim().min(1).max(64);

export const coordinatorSchema = z
  .object({
    id: idSchema,
    email: z.string(),
    name: z.string(),
    totpEnabled: z.boolean(),
  })
  .meta({ id: 'Coordinator' });
export type Coordinator = z.infer<typeof coordinatorSchema>;

/** For the CLI that creates coordinators (and the dashboard later). */
export const coordinatorCreateSchema = z.object({
  email: emailSchema,
  name: personNameSchema,
  password: passwordSchema,
});
export type CoordinatorCreate = z.input<typeof coordinatorCreateSchema>;

export const loginSchema = z
  .object({
    email: emailSchema,
    password: presentedPasswordSchema,
    /** Required once two-factor sign-in is on (401 `totp_required` tells the form to ask), or: */
    totp: totpCodeSchema.optional(),
    /** …one of the recovery codes, each good once. */
    recoveryCode: recoveryCodeSchema.optional(),
  })
  .meta({ id: 'Login' });
export type Login = z.input<typeof loginSchema>;

/**
 * A signed-in browser's state: the web app keeps `csrfToken` in memory and sends it as
 * X-CSRF-Token on every POST/PUT/PATCH/DELETE. Answered by sign-in and by GET /auth/session.
 */
export const sessionStateSchema = z
  .object({
    csrfToken: z.string(),
    coordinator: coordinatorSchema,
    /** When the session ends at the latest, whatever the activity. */
    expiresAt: instantSchema,
    /** Minutes without a request after which the session ends. */
    idleTimeoutMinutes: z.number().int(),
  })
  .meta({ id: 'SessionState' });
export type SessionState = z.infer<typeof sessionStateSchema>;

export const sessionSchema = z
  .object({
    id: idSchema,
    userAgent: z.string().nullable(),
    ip: z.string().nullable(),
    createdAt: instantSchema,
    lastSeenAt: instantSchema,
    expiresAt: instantSchema,
    /** The session this request was made with. */
    current: z.boolean(),
  })
  .meta({ id: 'Session' });
export type Session = z.infer<typeof sessionSchema>;

/** Most recently seen first. */
export const sessionListSchema = z.object({ items: z.array(sessionSchema) }).meta({ id: 'SessionList' });
export type SessionList = z.infer<typeof sessionListSchema>;

export const sessionIdParamsSchema = z.object({ id: idSchema });

export const passwordChangeSchema = z
  .object({ currentPassword: presentedPasswordSchema, newPassword: passwordSchema })
  .meta({ id: 'PasswordChange' });
export type PasswordChange = z.input<typeof passwordChangeSchema>;

export const passwordResetRequestSchema = z
  .object({
    email: emailSchema,
    /** The language of the e-mail: the page's. */
    locale: localeSchema.default('da'),
  })
  .meta({ id: 'PasswordResetRequest' });
export type PasswordResetRequest = z.input<typeof passwordResetRequestSchema>;

export const passwordResetConfirmSchema = z
  .object({ token: z.string().min(1).max(200), password: passwordSchema })
  .meta({ id: 'PasswordResetConfirm' });
export type PasswordResetConfirm = z.input<typeof passwordResetConfirmSchema>;

export const totpSetupSchema = z
  .object({
    /** Base32, for typing into an authenticator app. */
    secret: z.string(),
    /** otpauth://totp/… for a QR code. */
    uri: z.string(),
  })
  .meta({ id: 'TotpSetup' });
export type TotpSetup = z.infer<typeof totpSetupSchema>;

export const totpEnableSchema = z.object({ code: totpCodeSchema }).meta({ id: 'TotpEnable' });
export type TotpEnable = z.input<typeof totpEnableSchema>;

/** Shown once: each signs in once in place of a TOTP code. */
export const recoveryCodesSchema = z.object({ recoveryCodes: z.array(z.string()) }).meta({ id: 'RecoveryCodes' });
export type RecoveryCodes = z.infer<typeof recoveryCodesSchema>;

/** Turning two-factor sign-in off proves the person: their password or a current code. */
export const totpDisableSchema = z
  .object({ password: presentedPasswordSchema.optional(), code: totpCodeSchema.optional() })
  .refine((value) => value.password !== undefined || value.code !== undefined, {
    path: ['password'],
    message: 'password_or_code_required',
  })
  .meta({ id: 'TotpDisable' });
export type TotpDisable = z.input<typeof totpDisableSchema>;
