import { invalid, requireInt, requireKey, requireTime } from '../shared/args';
import type { BudgetLimit, PeriodLimit, ReserveOptions } from './port';
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

/** Check the calendar periods and recipient cap of a reservation (`opts.periods`, `opts.recipient`). */
export function checkCaps(amount: number, opts: ReserveOptions, now: number): void {
  const periods = opts.periods ?? [];
  if (!Array.isArray(periods) || periods.length > 4) throw invalid('periods', 'must list 0-4 periods');
  periods.forEach((p: PeriodLimit, i) => {
    requireKey(p?.period, `periods.${i}.period`, 64);
    requireInt(p.max, `periods.${i}.max`, 1, 1e9);
    if (requireTime(p.endsAt, `periods.${i}.endsAt`) <= now) throw invalid(`periods.${i}.endsAt`, 'must be after now');
    if (amount > p.max) throw invalid('amount', `${amount} is more than the period limit of ${p.max}`);
  });
  const r = opts.recipient;
  if (r === undefined) return;
  requireKey(r?.period, 'recipient.period', 64);
  requireKey(r.recipient, 'recipient.recipient', 64);
  requireInt(r.limit, 'recipient.limit', 1, 1e9);
  if (requireTime(r.endsAt, 'recipient.endsAt') <= now) throw invalid('recipient.endsAt', 'must be after now');
}

/** Check the arguments of `standing`. */
export function checkStanding(
  key: unknown,
  windowsMs: unknown,
  now: unknown,
  periods: unknown,
  recipient?: { period: string; recipient?: string },
): void {
  checkUsed(key, windowsMs, now);
  if (!Array.isArray(periods) || periods.length > 4) throw invalid('periods', 'must list 0-4 periods');
  periods.forEach((p, i) => {
    requireKey(p, `periods.${i}`, 64);
  });
  if (recipient) {
    requireKey(recipient.period, 'recipient.period', 64);
    if (recipient.recipient !== undefined) requireKey(recipient.recipient, 'recipient.recipient', 64);
  }
}

/** Check the periods of a release. */
export function checkReleasePeriods(periods: unknown): string[] {
  if (periods === undefined) return [];
  if (!Array.isArray(periods) || periods.length > 4) throw invalid('periods', 'must list 0-4 periods');
  periods.forEach((p, i) => {
    requireKey(p, `periods.${i}`, 64);
  });
  return periods;
}
