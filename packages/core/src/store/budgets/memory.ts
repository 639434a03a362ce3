import type {
  BudgetLimit,
  BudgetStanding,
  BudgetUsage,
  Refusal,
  Reserved,
  ReserveOptions,
  SegmentBudgets,
} from './port';
import { usageOf } from './usage';
import { capsRefusal } from './caps';
import {
  budgetRetryAt,
  newReservationId,
  parseReservationId,
  restampedReservationId,
  type BudgetEntry,
} from '../budgets/reservation';
import { SortedIndex } from '../memory/sorted-index';
import {
  checkBudget,
  checkCaps,
  checkRelease,
  checkReleasePeriods,
  checkRestamp,
  checkStanding,
  checkUsed,
  checkWindow,
} from './args';

/** A calendar period's count, or its distinct recipients, until the period ends. */
interface PeriodCount {
  used: number;
  recipients: Set<string>;
  endsAt: number;
}

interface Budget {
  /** Reservations by time; the id carries the amount. */
  log: SortedIndex;
  /** Widest window any reservation on this key used: older entries are dropped. */
  window: number;
}

/** The in-memory {@link SegmentBudgets}: a sliding-window log per key, as the Redis sorted set. */
export class MemoryBudgets implements SegmentBudgets {
  private readonly budgets = new Map<string, Budget>();
  /** By `<key>|<period>`: the period counters and recipient sets (the Redis `:p:` and `:u:` keys). */
  private readonly periods = new Map<string, PeriodCount>();
  private reserves = 0;

  async reserve(
    key: string,
    amount: number,
    limits: BudgetLimit[],
    now: number,
    opts: ReserveOptions = {},
  ): Promise<Reserved | Refusal> {
    const widest = checkBudget(key, amount, limits, now, opts.at);
    checkCaps(amount, opts, now);
    const at = opts.at ?? now;
    const b = this.budgets.get(key) ?? { log: new SortedIndex(), window: 0 };
    b.window = Math.max(b.window, widest);
    b.log.dropThrough(now - b.window);
    const logged = entries(b.log);
    const retryAt = budgetRetryAt(logged, amount, limits, now);
    if (++this.reserves % 1024 === 0) this.sweep(now);
    const periods = (opts.periods ?? []).map((p) => this.period(key, p.period, p.endsAt, now));
    const rc = opts.recipient;
    const rset = rc && this.period(key, `u:${rc.period}`, rc.endsAt, now);
    const refused = capsRefusal(
      amount,
      opts,
      {
        used: periods.map((p) => p.used),
        ...(rset ? { recipients: { count: rset.recipients.size, known: rset.recipients.has(rc.recipient) } } : {}),
      },
      retryAt,
    );
    if (refused) return { ...refused, usage: usageOf(logged, limits, now) };
    const reservationId = newReservationId(at, amount);
    b.log.insert(at, reservationId);
    this.budgets.set(key, b);
    for (const p of periods) p.used += amount;
    if (rset) rset.recipients.add(rc.recipient);
    return { ok: true, reservationId, usage: usageOf(entries(b.log), limits, now) };
  }

  async release(key: string, reservationId: string, periods?: string[]): Promise<void> {
    const { at, amount } = checkRelease(key, reservationId);
    const ps = checkReleasePeriods(periods);
    // Only a reservation still in the log gives back its periods: a second release must not.
    if (!this.budgets.get(key)?.log.remove(at, reservationId)) return;
    for (const p of ps) {
      const c = this.periods.get(`${key}|${p}`);
      if (c) c.used = Math.max(0, c.used - amount);
    }
  }

  async standing(
    key: string,
    windowsMs: number[],
    now: number,
    periods: string[],
    recipient?: { period: string; recipient?: string },
  ): Promise<BudgetStanding> {
    checkStanding(key, windowsMs, now, periods, recipient);
    const live = (k: string) => {
      const c = this.periods.get(`${key}|${k}`);
      return c && c.endsAt > now ? c : undefined;
    };
    const r = recipient && live(`u:${recipient.period}`);
    return {
      windows: await this.usedIn(key, windowsMs, now),
      periods: periods.map((p) => live(p)?.used ?? 0),
      ...(recipient
        ? {
            recipients: {
              count: r?.recipients.size ?? 0,
              known: recipient.recipient !== undefined && (r?.recipients.has(recipient.recipient) ?? false),
            },
          }
        : {}),
    };
  }

  /** The live count of one period of a key, created empty (and forgotten once the period has ended). */
  private period(key: string, period: string, endsAt: number, now: number): PeriodCount {
    const k = `${key}|${period}`;
    let c = this.periods.get(k);
    if (!c || c.endsAt <= now) {
      c = { used: 0, recipients: new Set(), endsAt };
      this.periods.set(k, c);
    }
    return c;
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

  async usage(key: string, limits: BudgetLimit[], now: number): Promise<BudgetUsage> {
    checkBudget(key, 1, limits, now);
    const b = this.budgets.get(key);
    return usageOf(b ? entries(b.log) : [], limits, now);
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
    for (const [k, c] of this.periods) if (c.endsAt <= now) this.periods.delete(k);
  }
}

function entries(log: SortedIndex): BudgetEntry[] {
  const out: BudgetEntry[] = [];
  for (let i = 0; i < log.size; i++) out.push({ at: log.scoreAt(i), amount: parseReservationId(log.idAt(i)).amount });
  return out;
}
