import type { Counters } from '../counters/port';
import { checkHitWindow, checkIncr } from './args';

/** In-memory {@link Counters}. */
export class MemoryCounters implements Counters {
  private readonly map = new Map<string, number>();
  private readonly windows = new Map<string, { count: number; expiresAt: number }>();
  private nextSweep = 1024;
  async hitWindow(key: string, windowMs: number, now: number): Promise<{ count: number; resetAt: number }> {
    const resetAt = checkHitWindow(key, windowMs, now);
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
    checkIncr(key, by);
    const v = (this.map.get(key) ?? 0) + by;
    this.map.set(key, v);
    return v;
  }
  async get(keys: string[]): Promise<Record<string, number>> {
    return Object.fromEntries(keys.map((k) => [k, this.map.get(k) ?? 0]));
  }
}
