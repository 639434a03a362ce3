import { MAX_WINDOW_MS } from '../budgets/args';
import { requireInt, requireKey } from '../shared/args';

/** A dedupe key: 1-1024 characters. */
export function checkDedupeKey(key: unknown): string {
  return requireKey(key, 'key');
}

/** Check a first-seen mark: a key and a lifetime of at most 366 days. */
export function checkFirstSeen(key: unknown, ttlMs: unknown): void {
  checkDedupeKey(key);
  requireInt(ttlMs, 'ttlMs', 1, MAX_WINDOW_MS);
}
