import { randomBytes } from 'node:crypto';
import { invalid } from '../shared/args';
import type { BudgetLimit } from './port';

/**
 * A reservation id: `<time>:<amount>:<random>`. It carries what `release` needs (the entry's time and
 * amount) so a budget is one sorted set of reservations and nothing else. Opaque to callers.
 */
export function newReservationId(now: number, amount: number): string {
  counter = (counter + 1) % 2 ** 24;
  const tail = Buffer.alloc(6);
  tail.writeUIntBE(SALT * 2 ** 24 + counter, 0, 6);
  return `${now}:${amount}:${tail.toString('base64url')}`;
}

/** Unique per process (random) and per call (counter): cheaper than fresh random bytes on every send. */
const SALT = randomBytes(3).readUIntBE(0, 3);
let counter = randomBytes(3).readUIntBE(0, 3);

/** The id of the same reservation stamped at `at` (same amount and random tail). */
export function restampedReservationId(id: string, at: number): string {
  const { amount } = parseReservationId(id);
  return `${at}:${amount}:${id.slice(id.lastIndexOf(':') + 1)}`;
}

/** Time and amount of a reservation id, or a validation error naming `reservationId`. */
export function parseReservationId(id: string): { at: number; amount: number } {
  const m = typeof id === 'string' ? /^(\d{1,16}):(\d{1,10}):[A-Za-z0-9_-]{8}$/.exec(id) : null;
  if (!m) throw invalid('reservationId', 'is not a reservation id from reserve()');
  return { at: Number(m[1]), amount: Number(m[2]) };
}

/** One reservation in a budget's log. */
export interface BudgetEntry {
  at: number;
  amount: number;
}

/**
 * Decide a reservation over `entries` (sorted by time, oldest first, already trimmed to the widest window):
 * null when `amount` fits under every limit, else the earliest time at which it would. For each refusing
 * limit, the oldest entries in its window leave it one by one (entry at `t` leaves at `t + windowMs`) until
 * enough has left; the answer is the latest of those times over all refusing limits. The Redis adapter's
 * Lua script does the same.
 */
export function budgetRetryAt(
  entries: BudgetEntry[],
  amount: number,
  limits: BudgetLimit[],
  now: number,
): number | null {
  let retry: number | null = null;
  for (const l of limits) {
    const from = now - l.windowMs;
    let i = 0;
    while (i < entries.length && entries[i]!.at <= from) i++;
    let sum = 0;
    for (let j = i; j < entries.length; j++) sum += entries[j]!.amount;
    if (sum + amount <= l.max) continue;
    let need = sum + amount - l.max;
    for (let j = i; j < entries.length; j++) {
      need -= entries[j]!.amount;
      if (need <= 0) {
        retry = Math.max(retry ?? 0, entries[j]!.at + l.windowMs);
        break;
      }
    }
  }
  return retry;
}
