import { SmsfleetError } from '../../errors';
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from './constants';
import type { BudgetLimit, PageArgs } from '../port';

/** A `SMSFLEET_ERR_VALIDATION` naming `field` and why. */
export function invalid(field: string, reason: string): SmsfleetError {
  return new SmsfleetError('SMSFLEET_ERR_VALIDATION', `Invalid ${field}: ${reason}`, { field, reason });
}

/** A non-empty string of at most `max` characters, or a validation error naming `field`. */
export function requireKey(value: unknown, field: string, max = 1024): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > max) {
    throw invalid(field, `must be a string of 1-${max} characters`);
  }
  return value;
}

/** An integer in [min, max], or a validation error naming `field`. */
export function requireInt(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw invalid(field, `must be an integer from ${min} to ${max}`);
  }
  return value;
}

/** An epoch-ms time (an integer from 0 to 2^42, i.e. before 2109), or a validation error naming `field`. */
export function requireTime(value: unknown, field: string): number {
  return requireInt(value, field, 0, 2 ** 42 - 1);
}

/** The page size asked for, defaulted and checked. */
export function pageLimit(page: PageArgs | undefined): number {
  if (page?.limit === undefined) return DEFAULT_PAGE_LIMIT;
  return requireInt(page.limit, 'limit', 1, MAX_PAGE_LIMIT);
}

/** Check the arguments of a budget reservation; returns the largest window. */
export function checkBudget(key: unknown, amount: unknown, limits: unknown, now: unknown, at?: unknown): number {
  requireKey(key, 'key');
  requireTime(now, 'now');
  if (at !== undefined && requireTime(at, 'at') < (now as number)) throw invalid('at', 'must not be before now');
  if (!Array.isArray(limits) || limits.length === 0 || limits.length > 16)
    throw invalid('limits', 'must list 1-16 limits');
  let widest = 0;
  limits.forEach((l: BudgetLimit, i) => {
    requireInt(l?.max, `limits.${i}.max`, 1, 1e9);
    requireInt(l?.windowMs, `limits.${i}.windowMs`, 1, 366 * 86400_000);
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

/** A valid Date as epoch ms, or a validation error naming `field`. */
export function requireDate(value: unknown, field: string): number {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw invalid(field, 'must be a valid Date');
  return value.getTime();
}

/** A list of 1-16 window lengths in ms, or `SMSFLEET_ERR_VALIDATION` naming `windowsMs` or `windowsMs.<i>`. */
export function checkWindows(windowsMs: unknown): number[] {
  if (!Array.isArray(windowsMs) || windowsMs.length === 0 || windowsMs.length > 16)
    throw invalid('windowsMs', 'must list 1-16 windows');
  for (const [i, w] of windowsMs.entries()) requireInt(w, `windowsMs.${i}`, 1, 366 * 86400_000);
  return windowsMs as number[];
}
