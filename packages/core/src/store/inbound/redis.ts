import type { InboundSms } from '../../schemas';
import type { Page, PageArgs } from '../port';
import type { InboundRepo } from './port';
import { pageLimit } from '../shared/args';
import { decodeCursor } from '../shared/cursor';
import { matchInbound, timeRange, type InboundFilter } from '../shared/match';
import { check, toMs } from '../shared/records';
import { scanPage } from '../shared/scan';
import { descendingMerged } from '../redis/index-scan';
import { RETENTION_GRACE_MS, type RedisKeys } from '../redis/keys';
import type { StoreLayout } from '../redis/layout';
import type { RedisClient } from '../redis/lua';
import { SCRIPTS } from '../redis/scripts';

/**
 * The Redis {@link InboundRepo}: one hash per text (`d`, `r`) and two indexes under `{ii:<p>}`, the partition of its
 * id (keys.ts); a list merges every partition's index, purge walks them in parallel.
 */
export class RedisInbound implements InboundRepo {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly layout: StoreLayout,
  ) {}

  async add(sms: InboundSms): Promise<void> {
    const s = check.inbound(sms);
    await this.layout.ensure();
    const key = this.keys.inbound(s.id);
    const p = this.keys.partitionOf(s.id);
    const rec = this.redis.multi().hset(key, 'd', JSON.stringify(s));
    const idx = this.redis.multi().zadd(this.keys.inboundByTime(p), toMs(s.receivedAt), s.id);
    if (s.retainUntil === undefined) {
      rec.hdel(key, 'r').persist(key);
      idx.zrem(this.keys.inboundByRetention(p), s.id);
    } else {
      rec.hset(key, 'r', toMs(s.retainUntil)).pexpireat(key, toMs(s.retainUntil) + RETENTION_GRACE_MS);
      idx.zadd(this.keys.inboundByRetention(p), toMs(s.retainUntil), s.id);
    }
    await Promise.all([rec.exec(), idx.exec()]);
  }

  async get(id: string): Promise<InboundSms | undefined> {
    const d = await this.redis.hget(this.keys.inbound(id), 'd');
    return d === null ? undefined : (JSON.parse(d) as InboundSms);
  }

  async list(filter: InboundFilter, page?: PageArgs): Promise<Page<InboundSms>> {
    const limit = pageLimit(page);
    const after = decodeCursor(page?.cursor);
    const filtered = filter.from !== undefined || filter.deviceId !== undefined;
    await this.layout.ensure();
    const indexes = this.keys.allPartitions().map((p) => this.keys.inboundByTime(p));
    return scanPage<InboundSms>(
      {
        next: descendingMerged(this.redis, indexes, timeRange(filter)),
        load: (ids) => Promise.all(ids.map((id) => this.get(id))),
      },
      { after, limit, match: filtered ? (s) => matchInbound(filter, s) : undefined },
    );
  }

  /** Delete texts whose retainUntil is before `now`: the record, then its index entries; partitions in parallel. */
  async purge(now: number): Promise<number> {
    await this.layout.ensure();
    const counts = await Promise.all(this.keys.allPartitions().map((p) => this.purgePartition(p, now)));
    return counts.reduce((a, b) => a + b, 0);
  }

  private async purgePartition(p: number, now: number): Promise<number> {
    const byTime = this.keys.inboundByTime(p);
    const byRet = this.keys.inboundByRetention(p);
    let purged = 0;
    for (;;) {
      const ids = await this.redis.zrangebyscore(byRet, '-inf', `(${now}`, 'LIMIT', 0, 200);
      if (ids.length === 0) return purged;
      const results = await Promise.all(
        ids.map(
          (id) => SCRIPTS.purgeRecord.run(this.redis, [this.keys.inbound(id)], [now]) as Promise<[number, string?]>,
        ),
      );
      const tx = this.redis.multi();
      results.forEach(([state, r], i) => {
        const id = ids[i]!;
        if (state === 0) {
          if (r === undefined) tx.zrem(byRet, id);
          else tx.zadd(byRet, r, id);
          return;
        }
        if (state === 1) purged++;
        tx.zrem(byTime, id).zrem(byRet, id);
      });
      const replies = await tx.exec();
      const failed = replies?.find(([err]) => err);
      if (!replies || failed) throw failed?.[0] ?? new Error('purge transaction aborted');
    }
  }
}
