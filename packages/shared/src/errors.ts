import { z } from 'zod';

/** The error codes the API answers with. Mapped to HTTP statuses in one table, here. */
export const errorStatus = {
  validation_failed: 400,
  /** Not HTTP as the server reads it: a malformed request line or header, a path that is not valid URL encoding. */
  bad_request: 400,
  /** A password-reset link that was used, has expired or was replaced. */
  reset_link_invalid: 400,
  /** No valid session or API key (or an ended one). */
  unauthenticated: 401,
  /** Sign-in refused: unknown address and wrong password answer alike. */
  invalid_credentials: 401,
  /** The password was right; the account asks for a TOTP code or a recovery code too. */
  totp_required: 401,
  /** Signed in, but the API key lacks the scope (named in `requiredScope`), or the route needs a session. */
  forbidden: 403,
  /** A state-changing request with the session cookie but without its X-CSRF-Token. */
  csrf_failed: 403,
  not_found: 404,
  request_timeout: 408,
  meeting_not_open: 409,
  meeting_full: 409,
  /** The registrant's library has all the seats it may have (the meeting caps seats per library) and there is no waitlist. */
  library_full: 409,
  /** The confirmation came after the hold ended: the place has gone on; register again. */
  hold_expired: 409,
  conflict: 409,
  payload_too_large: 413,
  uri_too_long: 414,
  unsupported_media_type: 415,
  expectation_failed: 417,
  idempotency_key_reused: 422,
  rate_limited: 429,
  headers_too_large: 431,
  internal: 500,
  service_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;
export const errorCodes = Object.keys(errorStatus) as [ErrorCode, ...ErrorCode[]];

/**
 * The codes our own rules give a failing field, beside zod's issue codes (`too_big`, …). The
 * shared schemas set them as the message, the API answers them in `errors[]`, and the web
 * has words for each in both languages.
 */
export const fieldErrorCodes = [
  'consent_required',
  'library_required',
  'library_choose_one',
  'unknown_library',
  'not_editable',
  'control_characters',
  'invisible_characters',
  'closes_before_opens',
  'below_confirmed',
  'ends_before_starts',
  'overlaps',
  'outside_meeting',
  'agenda_outside_meeting',
  'options_required',
  'options_not_allowed',
  'options_repeated',
  'answer_required',
  'unknown_option',
  'unknown_theme',
] as const;
export type FieldErrorCode = (typeof fieldErrorCodes)[number];
/** `fieldErrorCode.library_required`: a code by name, checked by the compiler. */
export const fieldErrorCode = Object.fromEntries(fieldErrorCodes.map((code) => [code, code])) as {
  readonly [Code in FieldErrorCode]: Code;
};

export const fieldErrorSchema = z.object({
  /** Dotted path of the failing field, e.g. `email` or `query.from`. */
  field: z.string(),
  message: z.string(),
  code: z.string(),
});
export type FieldError = z.infer<typeof fieldErrorSchema>;

/** RFC 9457 problem details, with our error code and the fields that failed. */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    code: z.enum(errorCodes),
    errors: z.array(fieldErrorSchema).optional(),
    /** With `forbidden`: the API-key scope the operation needs. */
    requiredScope: z.string().optional(),
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof problemSchema>;

export const problemContentType = 'application/problem+json';
