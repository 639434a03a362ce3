import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

/** One problem the hub found with a request: the field it names (`body.to`) and why. */
export interface HubIssue {
  field: string;
  reason: string;
}

/** An error answer from the hub: its HTTP status, stable code and message, and the fields it names. */
export class HubError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: readonly HubIssue[],
  ) {
    super(`${code}: ${message}`);
    this.name = 'HubError';
  }

  /**
   * The error in the caller's words: each field the hub names that `names` knows is renamed (`body.to` becomes
   * `--to` for the command line, or `column "to"` for a CSV), one `<field>: <reason>` per problem, after the code.
   * Without a renamed field it is the hub's own message.
   */
  describe(names: Readonly<Record<string, string>>): string {
    // A field inside a named one (`query.status.0`, an item of a list) is put down to the name.
    const rename = (field: string): string | undefined => {
      for (let f = field; ; f = f.slice(0, f.lastIndexOf('.'))) {
        if (names[f] !== undefined) return names[f];
        if (!f.includes('.')) return undefined;
      }
    };
    if (!this.issues.some((i) => rename(i.field) !== undefined)) return this.message;
    return `${this.code}: ${this.issues.map((i) => `${rename(i.field) ?? i.field}: ${i.reason}`).join('; ')}`;
  }
}

/** The hub's error body (`SmsfleetError.toJSON()`). */
interface ErrorBody {
  error?: {
    code?: string;
    message?: string;
    field?: string;
    reason?: string;
    issues?: HubIssue[];
    details?: { retryAfterSeconds?: number };
  };
}

/** Options of {@link HubClient}. */
export interface HubClientOptions {
  /** How to wait out a rate limit (tests pass one that moves a manual clock). Default: a timer. */
  sleep?: (ms: number) => Promise<void>;
  /** Rate-limit waits allowed for one call before its 429 is thrown. Default 10 (ten minutes at most with 60 s windows). */
  maxRateLimitWaits?: number;
}

/** A small client for the hub's REST API, as the CLI uses it. */
export class HubClient {
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly maxWaits: number;

  constructor(
    private readonly url: string,
    private readonly apiKey: string,
    opts: HubClientOptions = {},
  ) {
    this.sleep = opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.maxWaits = opts.maxRateLimitWaits ?? 10;
  }

  /** Call the API; a non-2xx answer throws a {@link HubError} with the hub's code, message and fields. */
  async call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    return (await this.request<T>(method, path, body, headers)).body;
  }

  /**
   * {@link call}, with the answer's HTTP status (a repeated send with the same idempotency key answers 200, not 202).
   * A rate-limited call (429) waits the `Retry-After` the hub gives and goes again: the hub refuses it before doing
   * anything, so any request is safe to repeat.
   */
  async request<T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: T }> {
    for (let waits = 0; ; waits++) {
      const res = await fetch(`${this.url.replace(/\/+$/, '')}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.apiKey}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const json = (await res.json().catch(() => ({}))) as ErrorBody;
      if (res.ok) return { status: res.status, body: json as T };
      const e = json.error ?? {};
      if (res.status === 429 && waits < this.maxWaits) {
        const seconds = Number(res.headers.get('retry-after') ?? e.details?.retryAfterSeconds);
        await this.sleep(1000 * (Number.isFinite(seconds) && seconds > 0 ? seconds : 60));
        continue;
      }
      const issues = e.issues?.length
        ? e.issues
        : e.field
          ? [{ field: e.field, reason: e.reason ?? 'is invalid' }]
          : [];
      throw new HubError(res.status, e.code ?? `HTTP_${res.status}`, e.message ?? res.statusText, issues);
    }
  }
}

/** One row of a bulk-send CSV: `to` and `body` columns are required; `reference`, `campaign`, `deviceId`, `sim` are optional. */
export interface CsvRow {
  to: string;
  body: string;
  reference?: string;
  campaign?: string;
  deviceId?: string;
  sim?: number;
}

/** Read a bulk-send CSV (with a header row). Problems name the line and column. */
export function readSendCsv(file: string): CsvRow[] {
  const records = parse(readFileSync(file, 'utf8'), {
    columns: (h: string[]) => h.map((x) => x.trim().toLowerCase()),
    skip_empty_lines: true,
    trim: true,
  }) as Record<string, string>[];
  return records.map((r, i) => {
    if (!r.to) throw new Error(`line ${i + 2}: the "to" column is empty`);
    if (!r.body) throw new Error(`line ${i + 2}: the "body" column is empty`);
    const row: CsvRow = { to: r.to, body: r.body };
    if (r.reference) row.reference = r.reference;
    if (r.campaign) row.campaign = r.campaign;
    if (r.deviceid) row.deviceId = r.deviceid;
    if (r.sim) row.sim = wholeNumber(r.sim, `line ${i + 2}: the "sim" column`);
    return row;
  });
}

/** `text` as a whole number, or an error naming `what` and the text given. */
export function wholeNumber(text: string, what: string): number {
  if (!/^\s*-?\d+\s*$/.test(text)) throw new Error(`${what} must be a whole number (got "${text}")`);
  return Number(text);
}
