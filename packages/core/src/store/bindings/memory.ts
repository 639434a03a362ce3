import type { Clock } from '../../clock';
import type { BindingRepo } from '../bindings/port';
import { checkBindingKey, checkClaim } from '../bindings/check';

/** The in-memory {@link BindingRepo}, with expiry on read and an occasional sweep. */
export class MemoryBindings implements BindingRepo {
  private readonly map = new Map<string, { value: string; expiresAt: number }>();
  private nextSweep = 1024;
  constructor(private readonly clock: Clock) {}

  async claim(
    namespace: string,
    key: string,
    value: string,
    ttlMs?: number,
  ): Promise<{ value: string; created: boolean }> {
    const c = checkClaim(namespace, key, value, ttlMs);
    const k = JSON.stringify([c.namespace, c.key]);
    const now = this.clock.now();
    const cur = this.map.get(k);
    if (cur && cur.expiresAt > now) return { value: cur.value, created: false };
    this.map.set(k, { value: c.value, expiresAt: c.ttlMs === undefined ? Infinity : now + c.ttlMs });
    if (this.map.size >= this.nextSweep) {
      for (const [kk, e] of this.map) if (e.expiresAt <= now) this.map.delete(kk);
      this.nextSweep = Math.max(1024, this.map.size * 2);
    }
    return { value: c.value, created: true };
  }

  async get(namespace: string, key: string): Promise<string | undefined> {
    const c = checkBindingKey(namespace, key);
    const cur = this.map.get(JSON.stringify([c.namespace, c.key]));
    return cur && cur.expiresAt > this.clock.now() ? cur.value : undefined;
  }
}
