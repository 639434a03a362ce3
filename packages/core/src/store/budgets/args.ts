import { invalid, requireInt, requireKey, requireTime } from '../shared/args';
import type { BudgetLimit } from './port';
import { parseReservationId } from './reservation';

/** The longest window a budget, counter or dedupe key may use (366 days). */
export const MAX_WINDOW_MS = 366 * 86400_000;

/** A budget key: 1-1024 characters. */
export function checkBudgetKey(key: unknown): string {
  return requireKey(key, 'key');
}

/** Check the arguments of a budget reservation; returns the largest window. */
export function checkBudget(key: unknown, amount: unknown, limits: unknown, now: unknown, at?: unknown): number {
  checkBudgetKey(key);
  requireTime(now, 'now');
  if (at !== undefined && requireTime(at, 'at') < (now as number)) throw invalid('at', 'must not be before now');
  if (!Array.isArray(limits) || limits.length === 0 || limits.length > 16)
    throw invalid('limits', 'must list 1-16 limits');
  let widest = 0;
  limits.forEach((l: BudgetLimit, i) => {
    requireInt(l?.max, `limits.${i}.max`, 1, 1e9);
    requireInt(l?.windowMs, `limits.${i}.windowMs`, 1, MAX_WINDOW_MS);
    widest = Math.max(widest, l.windowMs);
  });
  const a = requireInt(amount, 'amount', 1, 1e9);
  const tight = (limits as BudgetLimit[]).find((l) => a > l.max);
  if (tight)
    throw invalid(
      'amount',
      `${a} is more than the limit of ${tight.max} per ${tight.windowMs} ms, so it could never be reserved`,
    );
  return widest;
}

/** The arguments of a release: the reservation's time and amount, read from its id. */
export function checkRelease(key: unknown, reservationId: string): { at: number; amount: number } {
  checkBudgetKey(key);
  return parseReservationId(reservationId);
}

/** The arguments of a restamp. */
export function checkRestamp(key: unknown, at: unknown): void {
  checkBudgetKey(key);
  requireTime(at, 'at');
}

/** One window length in ms, or `SMSFLEET_ERR_VALIDATION` naming `windowMs`. */
export function checkWindow(windowMs: unknown): number {
  return requireInt(windowMs, 'windowMs', 1, MAX_WINDOW_MS);
}

/** The arguments of `usedIn`: a key, 1-16 window lengths (naming `windowsMs` or `windowsMs.<i>`), a time. */
export function checkUsed(key: unknown, windowsMs: unknown, now: unknown): number[] {
  checkBudgetKey(key);
  if (!Array.isArray(windowsMs) || windowsMs.length === 0 || windowsMs.length > 16)
    throw invalid('windowsMs', 'must list 1-16 windows');
  windowsMs.forEach((w, i) => {
    requireInt(w, `windowsMs.${i}`, 1, MAX_WINDOW_MS);
  });
  requireTime(now, 'now');
  return windowsMs as number[];
}
