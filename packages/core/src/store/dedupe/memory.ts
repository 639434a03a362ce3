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
