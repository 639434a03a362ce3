import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { HubClient, readSendCsv } from './client';

/** Result of a bulk send from a CSV file. */
export interface CsvSendSummary {
  total: number;
  accepted: number;
  /** Rows the hub had already accepted on an earlier run of the same file (idempotency). */
  repeated: number;
  refused: Array<{ line: number; to: string; code: string; message: string }>;
}

/**
 * Send every row of a CSV through the hub, a few at a time, with a progress line. Each row carries an
 * idempotency key derived from the file's content and the line, so running the same file again texts
 * nobody twice. A refused row (bad number, opted out) is reported with its line; the others still go.
 */
export async function sendCsv(client: HubClient, file: string, opts: { concurrency?: number; progress?: (done: number, total: number) => void } = {}): Promise<CsvSendSummary> {
  const rows = readSendCsv(file);
  const fileHash = createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 16);
  const summary: CsvSendSummary = { total: rows.length, accepted: 0, repeated: 0, refused: [] };
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < rows.length) {
      const i = next++;
      const row = rows[i]!;
      try {
        const m = await client.call<{ id: string; createdAt: string; status: string }>('POST', '/v1/messages', row, { 'idempotency-key': `csv:${fileHash}:${i + 2}` });
        if (m.status && m.id) summary.accepted++;
      } catch (e) {
        const err = e as Error & { code?: string };
        summary.refused.push({ line: i + 2, to: row.to, code: err.code ?? 'ERROR', message: err.message });
      }
      opts.progress?.(++done, rows.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 4) }, worker));
  summary.refused.sort((a, b) => a.line - b.line);
  return summary;
}

/** A one-line text progress bar. */
export function progressBar(done: number, total: number, width = 30): string {
  const filled = total ? Math.round((done / total) * width) : width;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`;
}
