import type { Message } from '@smsfleet/core';

/** The columns of the message export, in order. */
export const CSV_COLUMNS = [
  'id',
  'created_at',
  'to',
  'status',
  'failure_code',
  'failure_category',
  'failure_reason',
  'device_id',
  'sim',
  'gateway',
  'segments',
  'encoding',
  'reference',
  'campaign',
  'tags',
  'sent_at',
  'delivered_at',
  'failed_at',
  'clicks',
  'replies',
  'gateway_reason',
] as const;

function csvCell(v: unknown): string {
  const s = v === undefined || v === null ? '' : String(v);
  // Quote when needed; a leading =, +, - or @ is prefixed with ' so spreadsheets never run it as a formula.
  const safe = /^[=+\-@\t\r]/.test(s) && !/^[+-]?\d/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One CSV row of a message, in {@link CSV_COLUMNS} order. */
export function messageCsvRow(m: Message): string {
  return [
    m.id,
    m.createdAt,
    m.to,
    m.status,
    m.failure?.code,
    m.failure?.category,
    m.failure?.explanation ?? m.failure?.rawReason,
    m.from?.deviceId,
    m.from?.sim,
    m.gateway,
    m.segments,
    m.encoding,
    m.reference,
    m.campaign,
    m.tags?.join(' '),
    m.sentAt,
    m.deliveredAt,
    m.failedAt,
    m.engagement?.clicks,
    m.engagement?.replies,
    m.failure?.rawReason,
  ]
    .map(csvCell)
    .join(',');
}
