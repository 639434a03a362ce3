import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type HubClient, HubError } from '@smsfleet/client';
import { readSendCsv } from './client';
import { readTemplateCsv } from './template-csv';

/** Result of a bulk send from a CSV file. */
export interface CsvSendSummary {
  total: number;
  accepted: number;
  /** Rows the hub had already accepted on an earlier run of the same file (idempotency). */
  repeated: number;
  refused: Array<{ line: number; to: string; code: string; message: string }>;
}

/** Answers about one row (its content), as against the whole run (401 key, 404 URL, 429 after waiting, 5xx). */
const ROW_PROBLEMS = new Set([400, 409, 413, 422]);

/** The hub's names for a row's fields, as the CSV's columns. */
const COLUMNS: Readonly<Record<string, string>> = Object.fromEntries(
  ['to', 'body', 'reference', 'campaign', 'deviceId', 'sim'].map((c) => [`body.${c}`, `column "${c}"`]),
);

/**
 * Send every row of a CSV through the hub, a few at a time, with a progress line. Each row carries an
 * idempotency key derived from the file's content (and template) and the line, so running the same file again texts
 * nobody twice. A refused row (bad number, opted out, a merge field with no value) is reported with its line and
 * column; the others still go. With `template`, rows fill that stored template (see {@link readTemplateCsv}).
 */
export async function sendCsv(
  client: HubClient,
  file: string,
  opts: { concurrency?: number; progress?: (done: number, total: number) => void; template?: string } = {},
): Promise<CsvSendSummary> {
  const templated = opts.template === undefined ? undefined : readTemplateCsv(file, opts.template);
  const rows: Array<{ to: string }> = templated?.rows ?? readSendCsv(file);
  // A merge value the hub names (`body.vars.firstName`) is the CSV column it came from.
  const columns = {
    ...COLUMNS,
    ...Object.fromEntries((templated?.columns ?? []).map((c) => [`body.vars.${c}`, `column "${c}"`])),
  };
  const hash = createHash('sha256').update(readFileSync(file));
  if (opts.template !== undefined) hash.update(`\0template:${opts.template}`);
  const fileHash = hash.digest('hex').slice(0, 16);
  const summary: CsvSendSummary = { total: rows.length, accepted: 0, repeated: 0, refused: [] };
  let next = 0;
  let done = 0;
  let stopped: unknown;
  const worker = async () => {
    while (next < rows.length && stopped === undefined) {
      const i = next++;
      const row = rows[i]!;
      try {
        const r = await client.request<{ id: string }>('POST', '/v1/messages', row, {
          'idempotency-key': `csv:${fileHash}:${i + 2}`,
        });
        if (r.status === 202) summary.accepted++;
        else summary.repeated++;
      } catch (e) {
        // No answer, or one about the whole run (the key, the URL, the hub itself): stop, rather than call every row
        // refused.
        if (!(e instanceof HubError && ROW_PROBLEMS.has(e.status))) {
          stopped ??= e;
          return;
        }
        summary.refused.push({ line: i + 2, to: row.to, code: e.code, message: e.describe(columns) });
      }
      opts.progress?.(++done, rows.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 4) }, worker));
  if (stopped !== undefined) {
    const again = 'run the same file again: rows it already accepted are not texted twice';
    if (stopped instanceof HubError) {
      const progress = `after ${done} of ${rows.length} rows`;
      throw new Error(`the hub refused the bulk send ${progress} (${stopped.message}); once that is fixed, ${again}`);
    }
    const cause =
      stopped instanceof Error
        ? stopped.cause instanceof Error
          ? stopped.cause.message
          : stopped.message
        : String(stopped);
    throw new Error(
      `the hub stopped answering after ${done} of ${rows.length} rows (${cause}); when it is back, ${again}`,
    );
  }
  summary.refused.sort((a, b) => a.line - b.line);
  return summary;
}

/** The summary line of a bulk send. */
export function summaryLine(s: CsvSendSummary): string {
  const repeated = s.repeated ? `${s.repeated} already sent (not texted again), ` : '';
  return `${s.accepted} accepted, ${repeated}${s.refused.length} refused, ${s.total} rows`;
}

/** A one-line text progress bar. */
export function progressBar(done: number, total: number, width = 30): string {
  const filled = total ? Math.round((done / total) * width) : width;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`;
}
