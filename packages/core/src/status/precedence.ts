import type { MessageStatus } from '../schemas/status';

/**
 * Precedence of outbound statuses. A report may only move a message to a status of higher rank; equal or
 * lower ranks are late or duplicate reports and change nothing. `unknown` (set by the hub when no final
 * report came in time) outranks `sent` but not the terminal statuses, so a late real report still lands.
 */
export const STATUS_RANK: Readonly<Record<Exclude<MessageStatus, 'received'>, number>> = Object.freeze({
  scheduled: 0,
  queued: 1,
  accepted: 2,
  pending: 3,
  sending: 4,
  sent: 5,
  unknown: 6,
  delivered: 7,
  undelivered: 7,
  failed: 7,
  rejected: 7,
  expired: 7,
  cancelled: 7,
});

/** Final statuses: once a message has one, nothing changes it (the first terminal report wins). */
export const TERMINAL_STATUSES: ReadonlySet<MessageStatus> = new Set<MessageStatus>([
  'delivered',
  'undelivered',
  'failed',
  'rejected',
  'expired',
  'cancelled',
]);

/** Terminal statuses that mean the text did not arrive. */
export const FAILURE_STATUSES: ReadonlySet<MessageStatus> = new Set<MessageStatus>([
  'undelivered',
  'failed',
  'rejected',
  'expired',
]);

/** True for a final status. */
export function isTerminal(status: MessageStatus): boolean {
  return TERMINAL_STATUSES.has(status);
}

/** Rank of an outbound status; `received` (inbound only) has none. */
export function statusRank(status: MessageStatus): number | undefined {
  return status === 'received' ? undefined : STATUS_RANK[status];
}
