import type { Clock } from '../../clock';
import type { Dedupe } from '../dedupe/port';
import { checkDedupeKey, checkFirstSeen } from './args';

/** In-memory {@link Dedupe}; expiry follows the store's clock, expired keys are swept as the map grows. */
export class MemoryDedupe implements Dedupe {
  private readonly map = new Map<string, number>();
  private nextSweep = 1024;
  constructor(private readonly clock: Clock) {}
  async firstSeen(key: string, ttlMs: number): Promise<boolean> {
    checkFirstSeen(key, ttlMs);
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
    checkDedupeKey(key);
    const exp = this.map.get(key);
    return exp !== undefined && exp > this.clock.now();
  }
}
