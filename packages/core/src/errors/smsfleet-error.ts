import { ERROR_CODES, type ErrorCode } from './error-codes';

/** One problem with one field: `field` is a dotted path (`to`, `messages.2.body`), `reason` says why. */
export interface FieldIssue {
  field: string;
  reason: string;
}

/** Options accepted by {@link SmsfleetError}. */
export interface SmsfleetErrorOptions {
  /** Dotted path of the offending field, when one field is at fault. */
  field?: string;
  /** Why the field is wrong, in words a user can act on. */
  reason?: string;
  /** Every problem found, when there are several. */
  issues?: FieldIssue[];
  /** Extra machine-readable facts (e.g. `retryAfterSeconds`). */
  details?: Record<string, unknown>;
  cause?: unknown;
}

/**
 * The one error type of smsfleet. It carries a stable code, the HTTP status that code maps to, and for
 * validation problems the field and the reason. Nothing in the code base matches on `message`.
 */
export class SmsfleetError extends Error {
  readonly code: ErrorCode;
  readonly statusCode: number;
  readonly field?: string;
  readonly reason?: string;
  readonly issues: FieldIssue[];
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, opts: SmsfleetErrorOptions = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'SmsfleetError';
    this.code = code;
    this.statusCode = ERROR_CODES[code].status;
    this.field = opts.field ?? opts.issues?.[0]?.field;
    this.reason = opts.reason ?? opts.issues?.[0]?.reason;
    this.issues = opts.issues ?? (this.field && this.reason ? [{ field: this.field, reason: this.reason }] : []);
    this.details = opts.details;
  }

  /** The JSON body the hub sends for this error. */
  toJSON(): {
    error: {
      code: ErrorCode;
      message: string;
      field?: string;
      reason?: string;
      issues?: FieldIssue[];
      details?: Record<string, unknown>;
    };
  } {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.field ? { field: this.field } : {}),
        ...(this.reason ? { reason: this.reason } : {}),
        ...(this.issues.length ? { issues: this.issues } : {}),
        ...(this.details ? { details: this.details } : {}),
      },
    };
  }
}

/** True when `e` is a {@link SmsfleetError} (optionally with the given code). */
export function isSmsfleetError(e: unknown, code?: ErrorCode): e is SmsfleetError {
  return e instanceof SmsfleetError && (code === undefined || e.code === code);
}
