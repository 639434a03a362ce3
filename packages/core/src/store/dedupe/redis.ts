import type { Dedupe } from '../dedupe/port';
import type { RedisKeys } from '../redis/keys';
import type { RedisClient } from '../redis/lua';
import { checkDedupeKey, checkFirstSeen } from './args';

/** The Redis {@link Dedupe}: SET NX PX per key. */
export class RedisDedupe implements Dedupe {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}
  async firstSeen(key: string, ttlMs: number): Promise<boolean> {
    checkFirstSeen(key, ttlMs);
    return (await this.redis.set(this.keys.dedupe(key), '1', 'PX', ttlMs, 'NX')) === 'OK';
  }
  async seen(key: string): Promise<boolean> {
    checkDedupeKey(key);
    return (await this.redis.exists(this.keys.dedupe(key))) === 1;
  }
}
