import type { BindingRepo } from '../bindings/port';
import { checkBindingKey, checkClaim } from '../bindings/check';
import type { RedisKeys } from '../redis/keys';
import type { RedisClient } from '../redis/lua';

/** The Redis {@link BindingRepo}: one string per binding, claimed with SET NX GET (one round trip). */
export class RedisBindings implements BindingRepo {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  async claim(
    namespace: string,
    key: string,
    value: string,
    ttlMs?: number,
  ): Promise<{ value: string; created: boolean }> {
    const c = checkClaim(namespace, key, value, ttlMs);
    const k = this.keys.binding(c.namespace, c.key);
    const prev =
      c.ttlMs === undefined
        ? ((await this.redis.call('SET', k, c.value, 'NX', 'GET')) as string | null)
        : ((await this.redis.call('SET', k, c.value, 'NX', 'GET', 'PX', String(c.ttlMs))) as string | null);
    return prev === null ? { value: c.value, created: true } : { value: prev, created: false };
  }

  async get(namespace: string, key: string): Promise<string | undefined> {
    const c = checkBindingKey(namespace, key);
    return (await this.redis.get(this.keys.binding(c.namespace, c.key))) ?? undefined;
  }
}
