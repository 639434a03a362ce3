import { requireDate, requireInt, requireKey } from '../shared/args';
import { DEFAULT_IDEMPOTENCY_TTL_MS } from '../shared/constants';
import { checkOutbox } from './outbox';
import type { CreateOptions } from './port';

/** The options of a create, checked: the idempotency key, its lifetime (defaulted) and the outbox. */
export function checkCreateOptions(opts: CreateOptions): { key?: string; ttl: number; outbox?: string } {
  const key = opts.idempotencyKey === undefined ? undefined : requireKey(opts.idempotencyKey, 'idempotencyKey', 255);
  const ttl =
    opts.idempotencyTtlMs === undefined
      ? DEFAULT_IDEMPOTENCY_TTL_MS
      : requireInt(opts.idempotencyTtlMs, 'idempotencyTtlMs', 1, 366 * 86400_000);
  return { ...(key === undefined ? {} : { key }), ttl, ...withOutbox(checkOutbox(opts.outbox)) };
}

const withOutbox = (outbox: string | undefined) => (outbox === undefined ? {} : { outbox });

/** The arguments of `pendingCreates`: the cut-off as epoch ms, and 1-1000 ids. */
export function checkPending(before: unknown, limit: unknown): number {
  const t = requireDate(before, 'before');
  requireInt(limit, 'limit', 1, 1000);
  return t;
}

/** A gateway and its message id, as `linkGatewayId` takes them. */
export function checkGatewayId(gateway: unknown, gatewayMessageId: unknown): void {
  requireKey(gateway, 'gateway', 64);
  requireKey(gatewayMessageId, 'gatewayMessageId', 256);
}

/** The options of an update: the report key, if any, checked (1-300 characters). */
export function checkUpdateOptions(opts: unknown): string | undefined {
  const report = (opts as { report?: unknown } | undefined)?.report;
  return report === undefined ? undefined : requireKey(report, 'opts.report', 300);
}

/** The field of a Redis message hash that records a report (see `update`'s `report` option). */
export const reportField = (report: string): string => `s:${report}`;
