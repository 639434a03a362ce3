/** Page size when a caller gives none. */
export const DEFAULT_PAGE_LIMIT = 50;
/** Largest page a caller may ask for. */
export const MAX_PAGE_LIMIT = 500;
/** Attempts kept per subscription in the delivery log unless the store is told otherwise. */
export const DEFAULT_DELIVERY_LOG_CAP = 1000;
/** How long an idempotency key stays claimed unless the caller says otherwise (24 h). */
export const DEFAULT_IDEMPOTENCY_TTL_MS = 24 * 3600_000;
/** Most delayed jobs (and expired leases) one claim moves into the ready set; the rest move on the next claim. */
export const MAX_PROMOTE_PER_CLAIM = 1000;
/** Compare-and-set attempts before an update gives up with `SMSFLEET_ERR_STORE`. */
export const MAX_CAS_RETRIES = 200;

/**
 * Index entries one page may scan while applying filters. A page stops early (with a cursor) when the
 * budget is spent, so a rare filter never turns one request into a scan of the whole store.
 */
export function scanBudget(limit: number): number {
  return Math.max(1000, limit * 4);
}
