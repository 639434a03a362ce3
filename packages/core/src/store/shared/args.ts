import { SmsfleetError } from '../../errors';
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from './constants';
import type { PageArgs } from '../port';

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

/** A valid Date as epoch ms, or a validation error naming `field`. */
export function requireDate(value: unknown, field: string): number {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw invalid(field, 'must be a valid Date');
  return value.getTime();
}
