import type { Clock } from '../../clock';
import type { DeliveryAttempt } from '../../schemas';
import type { Counters, Dedupe, DeliveryLog, Page, PageArgs } from '../port';
import { pageLimit, requireInt, requireKey } from '../shared/args';
import { decodeCursor } from '../shared/cursor';
import { check, toMs } from '../shared/records';
import { scanPage } from '../shared/scan';
import { SortedIndex } from './sorted-index';

interface SubLog {
  all: SortedIndex;
  dead: SortedIndex;
  recs: Map<string, string>;
}

/** In-memory {@link DeliveryLog}: per subscription, attempts by time (all, and dead-lettered only), capped. */
export class MemoryDeliveryLog implements DeliveryLog {
  private readonly logs = new Map<string, SubLog>();
  constructor(private readonly cap: number) {}

  async record(attempt: DeliveryAttempt): Promise<void> {
    const a = check.attempt(attempt);
    const log = this.logs.get(a.subscriptionId) ?? {
      all: new SortedIndex(),
      dead: new SortedIndex(),
      recs: new Map<string, string>(),
    };
    this.logs.set(a.subscriptionId, log);
    const old = log.recs.get(a.id);
    if (old !== undefined) this.unindex(log, JSON.parse(old) as DeliveryAttempt);
    log.recs.set(a.id, JSON.stringify(a));
    log.all.insert(toMs(a.at), a.id);
    if (a.deadLettered) log.dead.insert(toMs(a.at), a.id);
    while (log.all.size > this.cap) {
      const { score, id } = log.all.at(0);
      log.all.remove(score, id);
      log.dead.remove(score, id);
      log.recs.delete(id);
    }
  }

  async list(subscriptionId: string, page?: PageArgs & { deadLetteredOnly?: boolean }): Promise<Page<DeliveryAttempt>> {
    const limit = pageLimit(page);
    const after = decodeCursor(page?.cursor);
    const log = this.logs.get(subscriptionId);
    if (!log) return { items: [] };
    const index = page?.deadLetteredOnly ? log.dead : log.all;
    return scanPage<DeliveryAttempt>(
      {
        next: async (a, n) => index.page(a, n, -Infinity, Infinity, true),
        load: async (ids) =>
          ids.map((id) => {
            const s = log.recs.get(id);
            return s === undefined ? undefined : (JSON.parse(s) as DeliveryAttempt);
          }),
      },
      { after, limit },
    );
  }

  /** Forget a subscription's whole log. */
  drop(subscriptionId: string): void {
    this.logs.delete(subscriptionId);
  }

  private unindex(log: SubLog, a: DeliveryAttempt): void {
    log.all.remove(toMs(a.at), a.id);
    log.dead.remove(toMs(a.at), a.id);
  }
}

/** In-memory {@link Counters}. */
export class MemoryCounters implements Counters {
  private readonly map = new Map<string, number>();
  private readonly windows = new Map<string, { count: number; expiresAt: number }>();
  private nextSweep = 1024;
  async hitWindow(key: string, windowMs: number, now: number): Promise<{ count: number; resetAt: number }> {
    requireKey(key, 'key');
    requireInt(windowMs, 'windowMs', 1, 366 * 86400_000);
    requireInt(now, 'now', 0, 2 ** 53);
    const resetAt = (Math.floor(now / windowMs) + 1) * windowMs;
    const k = `${key}\u0000${resetAt}`;
    const w = this.windows.get(k) ?? { count: 0, expiresAt: resetAt };
    w.count++;
    this.windows.set(k, w);
    if (this.windows.size >= this.nextSweep) {
      for (const [wk, wv] of this.windows) if (wv.expiresAt <= now) this.windows.delete(wk);
      this.nextSweep = Math.max(1024, this.windows.size * 2);
    }
    return { count: w.count, resetAt };
  }
  async incr(key: string, by = 1): Promise<number> {
    requireKey(key, 'key');
    requireInt(by, 'by', -(2 ** 50), 2 ** 50);
    const v = (this.map.get(key) ?? 0) + by;
    this.map.set(key, v);
    return v;
  }
  async get(keys: string[]): Promise<Record<string, number>> {
    return Object.fromEntries(keys.map((k) => [k, this.map.get(k) ?? 0]));
  }
}

/** In-memory {@link Dedupe}; expiry follows the store's clock, expired keys are swept as the map grows. */
export class MemoryDedupe implements Dedupe {
  private readonly map = new Map<string, number>();
  private nextSweep = 1024;
  constructor(private readonly clock: Clock) {}
  async firstSeen(key: string, ttlMs: number): Promise<boolean> {
    requireKey(key, 'key');
    requireInt(ttlMs, 'ttlMs', 1, 366 * 86400_000);
    const now = this.clock.now();
    const exp = this.map.get(key);
    if (exp !== undefined && exp > now) return false;
    this.map.set(key, now + ttlMs);
    if (this.map.size >= this.nextSweep) {
      for (const [k, e] of this.map) if (e <= now) this.map.delete(k);
      this.nextSweep = Math.max(1024, this.map.size * 2);
    }
    return true;
  }
  async seen(key: string): Promise<boolean> {
    requireKey(key, 'key');
    const exp = this.map.get(key);
    return exp !== undefined && exp > this.clock.now();
  }
}
