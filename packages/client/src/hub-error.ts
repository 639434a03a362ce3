/** One problem the hub found with a request: the field it names (`body.to`) and why. */
export interface HubIssue {
  field: string;
  reason: string;
}

/** The hub's error body (`SmsfleetError.toJSON()`), as far as a client reads it. */
interface ErrorBody {
  error?: {
    code?: string;
    message?: string;
    field?: string;
    reason?: string;
    issues?: HubIssue[];
    details?: { retryAfterSeconds?: number; scope?: string };
  };
}

/**
 * The hub's name for a field in the caller's words. `names` maps the hub's field paths (`body.to`) to the caller's
 * (`--to`, `column "to"`); a field inside a named one (`query.status.0`, an item of a list) is put down to the name.
 * Undefined when `names` knows neither the field nor a field it sits in.
 */
export function renameField(field: string, names: Readonly<Record<string, string>>): string | undefined {
  for (let f = field; ; f = f.slice(0, f.lastIndexOf('.'))) {
    if (names[f] !== undefined) return names[f];
    if (!f.includes('.')) return undefined;
  }
}

/**
 * An error answer from the hub: its HTTP status, stable `SMSFLEET_ERR_*` code and message, the field it names (with
 * every field when it names several), and how long a rate limit asks to wait. `message` is `<code>: <hub's message>`.
 */
export class HubError extends Error {
  /** The field the hub names first (`body.to`), if any. */
  readonly field: string | undefined;
  /** Why that field was refused. */
  readonly reason: string | undefined;

  constructor(
    /** HTTP status of the answer. */
    readonly status: number,
    /** The stable code (`SMSFLEET_ERR_INVALID_PHONE`), or `HTTP_<status>` when the answer had none. */
    readonly code: string,
    /** The hub's own message, for people. */
    readonly hubMessage: string,
    /** Every field the hub names, with its reason. */
    readonly issues: readonly HubIssue[] = [],
    /** For a 429: the seconds the hub asks to wait (`Retry-After`). */
    readonly retryAfterSeconds?: number,
    /** For a 403 `SMSFLEET_ERR_FORBIDDEN`: the scope the key lacks (`send`). */
    readonly scope?: string,
  ) {
    super(`${code}: ${hubMessage}`);
    this.name = 'HubError';
    this.field = issues[0]?.field;
    this.reason = issues[0]?.reason;
  }

  /**
   * For a key that lacks a scope: what to tell the person who pasted it, naming the scope and the command that makes
   * a key with `needed` (the scopes the caller's integration uses). Undefined for any other error.
   */
  missingScopeHelp(needed: readonly string[] = []): string | undefined {
    if (this.scope === undefined) return undefined;
    const scopes = [...new Set([...needed, this.scope])].join(',');
    return (
      `This key lacks the \`${this.scope}\` scope; create one with ` +
      `\`smsfleet keys create --name <name> --scopes ${scopes}\` (or ask your hub's admin).`
    );
  }

  /** The error of an answer with a non-2xx `status`, from its parsed body and `Retry-After` header. */
  static fromAnswer(status: number, body: unknown, retryAfter?: string): HubError {
    const e = (body as ErrorBody | undefined)?.error ?? {};
    const issues = e.issues?.length ? e.issues : e.field ? [{ field: e.field, reason: e.reason ?? 'is invalid' }] : [];
    const header = retryAfter === undefined ? Number.NaN : Number(retryAfter);
    const seconds = Number.isFinite(header) ? header : e.details?.retryAfterSeconds;
    return new HubError(
      status,
      e.code ?? `HTTP_${status}`,
      e.message ?? `the hub answered HTTP ${status}`,
      issues,
      status === 429 && seconds !== undefined && seconds >= 0 ? seconds : undefined,
      status === 403 && typeof e.details?.scope === 'string' ? e.details.scope : undefined,
    );
  }

  /**
   * The error in the caller's words: each field the hub names that `names` knows is renamed (`body.to` becomes
   * `--to` for the command line, or `column "to"` for a CSV), one `<field>: <reason>` per problem, after the code.
   * Without a renamed field it is the hub's own message.
   */
  describe(names: Readonly<Record<string, string>>): string {
    if (!this.issues.some((i) => renameField(i.field, names) !== undefined)) return this.message;
    const problems = this.issues.map((i) => `${renameField(i.field, names) ?? i.field}: ${i.reason}`);
    return `${this.code}: ${problems.join('; ')}`;
  }
}
