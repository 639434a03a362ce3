import type { DeliveryAttempt } from '../../schemas';
import type { DeliveryLog } from '../deliveries/port';
import type { Page, PageArgs } from '../port';
import { pageLimit } from '../shared/args';
import { decodeCursor } from '../shared/cursor';
import { check, toMs } from '../shared/records';
import { scanPage } from '../shared/scan';
import { descending } from '../redis/index-scan';
import type { RedisKeys } from '../redis/keys';
import type { RedisClient } from '../redis/lua';
import { SCRIPTS } from '../redis/scripts';

/** The Redis {@link DeliveryLog}: per subscription a hash of attempts and two time indexes, capped in Lua. */
export class RedisDeliveryLog implements DeliveryLog {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly cap: number,
  ) {}

  async record(attempt: DeliveryAttempt): Promise<void> {
    await this.recordMany([attempt]);
  }

  async recordMany(attempts: readonly DeliveryAttempt[]): Promise<void> {
    const bySub = new Map<string, (string | number)[]>();
    for (const attempt of attempts) {
      const a = check.attempt(attempt);
      let args = bySub.get(a.subscriptionId);
      if (!args) bySub.set(a.subscriptionId, (args = [this.cap]));
      args.push(a.id, toMs(a.at), JSON.stringify(a), a.deadLettered ? '1' : '0');
    }
    await Promise.all(
      [...bySub].map(([sub, args]) => {
        const k = this.keys.deliveries(sub);
        return SCRIPTS.recordDelivery.run(this.redis, [k.hash, k.all, k.dead], args);
      }),
    );
  }

  async get(subscriptionId: string, id: string): Promise<DeliveryAttempt | undefined> {
    const s = await this.redis.hget(this.keys.deliveries(subscriptionId).hash, id);
    return s === null ? undefined : (JSON.parse(s) as DeliveryAttempt);
  }

  async list(subscriptionId: string, page?: PageArgs & { deadLetteredOnly?: boolean }): Promise<Page<DeliveryAttempt>> {
    const limit = pageLimit(page);
    const after = decodeCursor(page?.cursor);
    const k = this.keys.deliveries(subscriptionId);
    return scanPage<DeliveryAttempt>(
      {
        next: descending(this.redis, page?.deadLetteredOnly ? k.dead : k.all),
        load: async (ids) =>
          (ids.length === 0 ? [] : await this.redis.hmget(k.hash, ...ids)).map((s) =>
            s == null ? undefined : (JSON.parse(s) as DeliveryAttempt),
          ),
      },
      { after, limit },
    );
  }
}
