import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

/** A small client for the hub's REST API, as the CLI uses it. */
export class HubClient {
  constructor(private readonly url: string, private readonly apiKey: string) {}

  /** Call the API; a non-2xx answer throws with the hub's error code and message. */
  async call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const res = await fetch(`${this.url.replace(/\/+$/, '')}${path}`, {
      method, headers: { authorization: `Bearer ${this.apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = await res.json().catch(() => ({})) as { error?: { code: string; message: string; field?: string } };
    if (!res.ok) throw Object.assign(new Error(`${json.error?.code ?? res.status}: ${json.error?.message ?? res.statusText}`), { code: json.error?.code, field: json.error?.field });
    return json as T;
  }
}

/** One row of a bulk-send CSV: `to` and `body` columns are required; `reference`, `campaign`, `deviceId`, `sim` are optional. */
export interface CsvRow { to: string; body: string; reference?: string; campaign?: string; deviceId?: string; sim?: number }

/** Read a bulk-send CSV (with a header row). Problems name the line and column. */
export function readSendCsv(file: string): CsvRow[] {
  const records = parse(readFileSync(file, 'utf8'), { columns: (h: string[]) => h.map((x) => x.trim().toLowerCase()), skip_empty_lines: true, trim: true }) as Record<string, string>[];
  return records.map((r, i) => {
    if (!r.to) throw new Error(`line ${i + 2}: the "to" column is empty`);
    if (!r.body) throw new Error(`line ${i + 2}: the "body" column is empty`);
    const row: CsvRow = { to: r.to, body: r.body };
    if (r.reference) row.reference = r.reference;
    if (r.campaign) row.campaign = r.campaign;
    if (r.deviceid) row.deviceId = r.deviceid;
    if (r.sim) row.sim = Number(r.sim);
    return row;
  });
}
