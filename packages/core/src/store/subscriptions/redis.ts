import type { Subscription } from '../../schemas';
import type { SubscriptionRepo } from '../subscriptions/port';
import type { UpdateResult } from '../port';
import { invalid } from '../shared/args';
import { check } from '../shared/records';
import { byId, hashUpdate, parse } from '../redis/hash-update';
import type { RedisKeys } from '../redis/keys';
import type { RedisClient } from '../redis/lua';

/** The Redis {@link SubscriptionRepo}: one hash `{sb}`; deleting drops the delivery log afterwards. */
export class RedisSubscriptions implements SubscriptionRepo {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}
  async create(sub: Subscription): Promise<void> {
    const s = check.subscription(sub);
    if ((await this.redis.hsetnx(this.keys.subscriptions(), s.id, JSON.stringify(s))) !== 1) {
      throw invalid('subscription.id', 'a subscription with this id already exists');
    }
  }
  async get(id: string): Promise<Subscription | undefined> {
    const s = await this.redis.hget(this.keys.subscriptions(), id);
    return s === null ? undefined : parse<Subscription>(s);
  }
  async list(): Promise<Subscription[]> {
    return (await this.redis.hvals(this.keys.subscriptions())).map((s) => parse<Subscription>(s)).sort(byId);
  }
  update(id: string, fn: (s: Subscription) => Subscription | null): Promise<UpdateResult<Subscription> | undefined> {
    return hashUpdate(this.redis, this.keys.subscriptions(), id, fn, check.subscription, 'id');
  }
  async delete(id: string): Promise<boolean> {
    const had = (await this.redis.hdel(this.keys.subscriptions(), id)) === 1;
    const log = this.keys.deliveries(id);
    await this.redis.del(log.hash, log.all, log.dead);
    return had;
  }
}
