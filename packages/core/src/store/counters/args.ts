import { MAX_WINDOW_MS } from '../budgets/args';
import { requireInt, requireKey } from '../shared/args';

/** Check a fixed-window hit and return when its window resets (the same window in both adapters). */
export function checkHitWindow(key: unknown, windowMs: unknown, now: unknown): number {
  requireKey(key, 'key');
  const w = requireInt(windowMs, 'windowMs', 1, MAX_WINDOW_MS);
  const t = requireInt(now, 'now', 0, 2 ** 53);
  return (Math.floor(t / w) + 1) * w;
}

/** Check an increment: a key and an integer step of at most 2^50 either way. */
export function checkIncr(key: unknown, by: unknown): void {
  requireKey(key, 'key');
  requireInt(by, 'by', -(2 ** 50), 2 ** 50);
}
