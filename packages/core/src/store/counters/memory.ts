import type { Clock } from '../../clock';
import type { DeliveryAttempt } from '../../schemas';
import type { Counters } from '../counters/port';
import type { Dedupe } from '../dedupe/port';
import type { DeliveryLog } from '../deliveries/port';
import type { Page, PageArgs } from '../port';
import { pageLimit, requireInt, requireKey } from '../shared/args';
import { decodeCursor } from '../shared/cursor';
import { check, toMs } from '../shared/records';
import { scanPage } from '../shared/scan';
import { SortedIndex } from '../memory/sorted-index';

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
