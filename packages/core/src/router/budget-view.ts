import { budgetRetryAt, type BudgetEntry, parseReservationId } from '../store/budgets/reservation';
import type { BudgetLimit, BudgetUsage } from '../store/port';

/** What the view says about one SIM for one message. */
export interface BudgetEstimate {
  /** Segments free now under the tightest limit. */
  remaining: number;
  /** When the message's segments do not fit now: the earliest time they would, as far as the view knows. */
  retryAt?: number;
}

/** One SIM's budget as the last reservation answered, plus this router's own releases and confirms since. */
interface Snapshot {
  asOf: number;
  windows: number[];
  /** Per window: what the answer counted but did not list (older reservations), as one lump at `lumpAt`. */
  lumps: number[];
  lumpAt: number;
  entries: BudgetEntry[];
}

/**
 * The router's memory of each SIM's sliding windows, learnt from the answers of its own reservations (the Redis script
 * returns the budget's usage), so that routing a message reads no budget at all: the view ranks SIMs and says which
 * are full and until when. It is only a hint. Every reservation is still decided atomically in the store, so several
 * hubs can never overspend a SIM; a view too hopeful (another hub reserved since) costs one refused reservation,
 * which corrects it; one too gloomy (another hub released or confirmed since) is trusted for `maxAgeMs` only.
 */
export class BudgetView {
  private readonly sims = new Map<string, Snapshot>();

  constructor(private readonly maxAgeMs: number) {}

  /** Keep a reservation's answer for `key`, made at `now` under `limits`. */
  learn(key: string, limits: BudgetLimit[], usage: BudgetUsage | undefined, now: number): void {
    if (!usage || usage.used.length !== limits.length) return;
    const lumpAt = usage.entries[0]?.at ?? now;
    const lumps = limits.map((l, i) => {
      const listed = usage.entries.reduce((s, e) => (e.at > now - l.windowMs ? s + e.amount : s), 0);
      return Math.max(0, usage.used[i]! - listed);
    });
    const entries = usage.entries.map((e) => ({ at: e.at, amount: e.amount }));
    this.sims.set(key, { asOf: now, windows: limits.map((l) => l.windowMs), lumps, lumpAt, entries });
  }

  /**
   * How `key` stands for `amount` segments under `limits` at `t`, or undefined when the view does not know (never
   * learnt, older than `maxAgeMs`, or learnt under other windows): then the router asks the store.
   */
  estimate(key: string, limits: BudgetLimit[], amount: number, t: number): BudgetEstimate | undefined {
    const s = this.sims.get(key);
    if (!s || t < s.asOf || t - s.asOf > this.maxAgeMs) return undefined;
    let remaining = Infinity;
    let retryAt: number | undefined;
    for (const l of limits) {
      const i = s.windows.indexOf(l.windowMs);
      if (i < 0) return undefined;
      // The unlisted reservations are older than every listed one: counting them at the oldest listed stamp can only
      // make the view think they leave later than they do.
      const log =
        s.lumps[i]! > 0 ? [{ at: s.lumpAt, amount: s.lumps[i]! }, ...s.entries].sort((a, b) => a.at - b.at) : s.entries;
      const used = log.reduce((sum, e) => (e.at > t - l.windowMs ? sum + e.amount : sum), 0);
      remaining = Math.min(remaining, l.max - used);
      const r = budgetRetryAt(log, amount, [l], t);
      if (r !== null) retryAt = Math.max(retryAt ?? 0, r);
    }
    return retryAt === undefined ? { remaining } : { remaining, retryAt };
  }

  /** This router gave back a reservation of `key`: its amount is free again. */
  released(key: string, reservationId: string): void {
    const { at, amount } = parseReservationId(reservationId);
    if (!this.drop(key, at, amount)) this.sims.delete(key);
  }

  /** This router moved a reservation of `key` to `to` (a phone confirmed the send). */
  moved(key: string, reservationId: string, to: number): void {
    const { at, amount } = parseReservationId(reservationId);
    const s = this.sims.get(key);
    if (!s || !this.drop(key, at, amount)) {
      this.sims.delete(key);
      return;
    }
    const i = s.entries.findIndex((e) => e.at > to);
    s.entries.splice(i < 0 ? s.entries.length : i, 0, { at: to, amount });
  }

  /** Forget what the view knows of `key`. */
  forget(key: string): void {
    this.sims.delete(key);
  }

  private drop(key: string, at: number, amount: number): boolean {
    const s = this.sims.get(key);
    const i = s?.entries.findIndex((e) => e.at === at && e.amount === amount) ?? -1;
    if (!s || i < 0) return false;
    s.entries.splice(i, 1);
    return true;
  }
}
