import { type ErrorCode, errorStatus, type FieldError } from '@bok/shared/errors';

/** An expected failure: its code decides the HTTP status (one table, in shared/errors). */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly fields: FieldError[] | undefined;
  readonly headers: Record<string, string> | undefined;
  /** With `forbidden`: the API-key scope that was missing (a problem-details extension member). */
  readonly requiredScope: string | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { fields?: FieldError[]; headers?: Record<string, string>; requiredScope?: string; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = errorStatus[code];
    this.fields = options.fields;
    this.headers = options.headers;
    this.requiredScope = options.requiredScope;
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} was not found.`);
