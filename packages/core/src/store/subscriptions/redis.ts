import type { Subscription } from '../../schemas';
import type { SubscriptionRepo } from '../subscriptions/port';
import type { UpdateResult } from '../port';
import { invalid } from '../shared/args';
import { check } from '../shared/records';
import { byId, hashUpdate, parse } from '../redis/hash-update';
import type { RedisKeys } from '../redis/keys';
import type { RedisClient } from '../redis/lua';
import type { Signals } from '../signals/port';
import { DEFAULT_SUBSCRIPTION_CACHE_MS, SUBSCRIPTIONS_CHANNEL, SubscriptionSnapshot } from './snapshot';

/**
 * The Redis {@link SubscriptionRepo}: one hash `{sb}`; deleting drops the delivery log afterwards. Every write
 * announces itself on {@link SUBSCRIPTIONS_CHANNEL}, so the other hubs' snapshots read the list again.
 */
export class RedisSubscriptions implements SubscriptionRepo {
  private readonly cache: SubscriptionSnapshot;

  /**
   * @param cacheMs how long {@link snapshot} serves its cached list when no change is signalled (0: never cached)
   * @param now the cache's clock (ms, monotonic)
   */
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly signals: Pick<Signals, 'publish' | 'subscribe'>,
    cacheMs: number = DEFAULT_SUBSCRIPTION_CACHE_MS,
    now?: () => number,
  ) {
    this.cache = new SubscriptionSnapshot(() => this.list(), signals, cacheMs, now);
  }
  async create(sub: Subscription): Promise<void> {
    const s = check.subscription(sub);
    const added = await this.writing(() => this.redis.hsetnx(this.keys.subscriptions(), s.id, JSON.stringify(s)));
    if (added !== 1) throw invalid('subscription.id', 'a subscription with this id already exists');
    await this.changed(s.id);
  }
  async get(id: string): Promise<Subscription | undefined> {
    const s = await this.redis.hget(this.keys.subscriptions(), id);
    return s === null ? undefined : parse<Subscription>(s);
  }
  async list(): Promise<Subscription[]> {
    return (await this.redis.hvals(this.keys.subscriptions())).map((s) => parse<Subscription>(s)).sort(byId);
  }
  snapshot(): Promise<readonly Subscription[]> {
    return this.cache.get();
  }
  async update(
    id: string,
    fn: (s: Subscription) => Subscription | null,
  ): Promise<UpdateResult<Subscription> | undefined> {
    const r = await this.writing(() =>
      hashUpdate(this.redis, this.keys.subscriptions(), id, fn, check.subscription, 'id'),
    );
    if (r?.changed) await this.changed(id);
    return r;
  }
  async delete(id: string): Promise<boolean> {
    const had = (await this.writing(() => this.redis.hdel(this.keys.subscriptions(), id))) === 1;
    if (had) await this.changed(id);
    const log = this.keys.deliveries(id);
    await this.redis.del(log.hash, log.all, log.dead);
    return had;
  }

  /** Run a write; whatever its answer (a lost answer may hide a landed write), this store's snapshot reads again. */
  private async writing<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } finally {
      this.cache.invalidate();
    }
  }

  /**
   * A write landed: this store's snapshot reads again at once, and the other hubs' once they hear of it. The signal
   * is a hint (the cache age bounds a lost one): its failure does not fail the write, which is done.
   */
  private async changed(id: string): Promise<void> {
    this.cache.invalidate();
    await this.signals.publish(SUBSCRIPTIONS_CHANNEL, id).catch(() => undefined);
  }
}
