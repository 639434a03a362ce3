import type { Contact, Conversation, Device, Subscription } from '../../schemas';
import type { ApiKeyRecord, ApiKeyRepo } from '../api-keys/port';
import type { ContactRepo } from '../contacts/port';
import type { ConversationRepo } from '../conversations/port';
import type { DeviceRepo } from '../devices/port';
import type { SubscriptionRepo } from '../subscriptions/port';
import type { Page, PageArgs, UpdateResult } from '../port';
import { invalid, pageLimit, requireDate, requireKey } from '../shared/args';
import { decodeCursor } from '../shared/cursor';
import { check, keepId } from '../shared/records';
import { scanPage } from '../shared/scan';
import { byId, hashUpdate, parse } from '../redis/hash-update';
import { casExhausted } from '../redis/cas';
import { lexical } from '../redis/index-scan';
import type { RedisKeys } from '../redis/keys';
import type { RedisClient } from '../redis/lua';
import { SCRIPTS } from '../redis/scripts';
import { MAX_CAS_RETRIES } from '../shared/constants';

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
