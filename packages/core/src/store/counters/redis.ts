import type { Counters } from '../counters/port';
import type { RedisKeys } from '../redis/keys';
import type { RedisClient } from '../redis/lua';
import { checkHitWindow, checkIncr } from './args';

/** The Redis {@link Counters}: one hash `{ct}`. */
export class RedisCounters implements Counters {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}
  async hitWindow(key: string, windowMs: number, now: number): Promise<{ count: number; resetAt: number }> {
    const resetAt = checkHitWindow(key, windowMs, now);
    const k = this.keys.window(key, resetAt);
    // One round trip; MULTI keeps INCR and its expiry together (one key, so one Cluster slot). The expiry is
    // relative: Redis expires by its own wall clock, while `now` may come from a test or scaled clock.
    const res = await this.redis
      .multi()
      .incr(k)
      .pexpire(k, resetAt - now + windowMs)
      .exec();
    const err = res?.find(([e]) => e)?.[0];
    if (err || !res) throw err ?? new Error('MULTI aborted');
    return { count: Number(res[0]![1]), resetAt };
  }
  async incr(key: string, by = 1): Promise<number> {
    checkIncr(key, by);
    return this.redis.hincrby(this.keys.counters(), key, by);
  }
  async get(keys: string[]): Promise<Record<string, number>> {
    if (keys.length === 0) return {};
    const vals = await this.redis.hmget(this.keys.counters(), ...keys);
    return Object.fromEntries(keys.map((k, i) => [k, Number(vals[i] ?? 0)]));
  }
}
