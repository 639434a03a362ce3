import type { BudgetLimit, ReserveOptions, SegmentBudgets } from './port';
import {
  budgetRetryAt,
  newReservationId,
  parseReservationId,
  restampedReservationId,
  type BudgetEntry,
} from '../budgets/reservation';
import { SortedIndex } from '../memory/sorted-index';
import { checkBudget, checkRelease, checkRestamp, checkUsed, checkWindow } from './args';

interface Budget {
  /** Reservations by time; the id carries the amount. */
  log: SortedIndex;
  /** Widest window any reservation on this key used: older entries are dropped. */
  window: number;
}

/** The in-memory {@link SegmentBudgets}: a sliding-window log per key, as the Redis sorted set. */
export class MemoryBudgets implements SegmentBudgets {
  private readonly budgets = new Map<string, Budget>();
  private reserves = 0;

  async reserve(
    key: string,
    amount: number,
    limits: BudgetLimit[],
    now: number,
    opts: ReserveOptions = {},
  ): Promise<{ ok: true; reservationId: string } | { ok: false; retryAt: number }> {
    const widest = checkBudget(key, amount, limits, now, opts.at);
    const at = opts.at ?? now;
    const b = this.budgets.get(key) ?? { log: new SortedIndex(), window: 0 };
    b.window = Math.max(b.window, widest);
    b.log.dropThrough(now - b.window);
    const retryAt = budgetRetryAt(entries(b.log), amount, limits, now);
    if (++this.reserves % 1024 === 0) this.sweep(now);
    if (retryAt !== null) return { ok: false, retryAt };
    const reservationId = newReservationId(at, amount);
    b.log.insert(at, reservationId);
    this.budgets.set(key, b);
    return { ok: true, reservationId };
  }

  async release(key: string, reservationId: string): Promise<void> {
    const { at } = checkRelease(key, reservationId);
    this.budgets.get(key)?.log.remove(at, reservationId);
  }

  async restamp(key: string, reservationId: string, at: number): Promise<string | undefined> {
    checkRestamp(key, at);
    const old = parseReservationId(reservationId).at;
    const b = this.budgets.get(key);
    if (!b?.log.remove(old, reservationId)) return undefined;
    const id = restampedReservationId(reservationId, at);
    b.log.insert(at, id);
    return id;
  }

  async used(key: string, windowMs: number, now: number): Promise<number> {
    checkWindow(windowMs);
    return (await this.usedIn(key, [windowMs], now))[0]!;
  }

  async usedIn(key: string, windowsMs: number[], now: number): Promise<number[]> {
    checkUsed(key, windowsMs, now);
    const b = this.budgets.get(key);
    if (!b) return windowsMs.map(() => 0);
    const all = entries(b.log);
    return windowsMs.map((w) => {
      let sum = 0;
      for (const e of all) if (e.at > now - w) sum += e.amount;
      return sum;
    });
  }

  /** Forget keys whose every reservation has left the widest window. */
  private sweep(now: number): void {
    for (const [k, b] of this.budgets) {
      if (b.log.size === 0 || b.log.scoreAt(b.log.size - 1) <= now - b.window) this.budgets.delete(k);
    }
  }
}

function entries(log: SortedIndex): BudgetEntry[] {
  const out: BudgetEntry[] = [];
  for (let i = 0; i < log.size; i++) out.push({ at: log.scoreAt(i), amount: parseReservationId(log.idAt(i)).amount });
  return out;
}
