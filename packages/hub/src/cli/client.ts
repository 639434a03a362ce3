import { readFileSync } from 'node:fs';
import { HubClient } from '@smsfleet/client';
import { parse } from 'csv-parse/sync';

/**
 * The hub client of the CLI: `@smsfleet/client`, waiting out the hub's rate limit up to ten times per call (ten
 * minutes at most with 60 s windows), since a bulk send would rather go slowly than stop. `sleep` is for tests.
 */
export function cliClient(url: string, apiKey: string, sleep?: (ms: number) => Promise<void>): HubClient {
  return new HubClient({ url, apiKey, maxRateLimitWaits: 10, ...(sleep ? { sleep } : {}) });
}

/**
 * One row of a bulk-send CSV: `to` and `body` columns are required; `reference`, `campaign`, `deviceId`, `sim` are
 * optional.
 */
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
