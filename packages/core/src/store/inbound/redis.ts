import type { InboundSms } from '../../schemas';
import type { Page, PageArgs } from '../port';
import type { InboundRepo } from './port';
import { pageLimit } from '../shared/args';
import { decodeCursor } from '../shared/cursor';
import { matchInbound, timeRange, type InboundFilter } from '../shared/match';
import { check, toMs } from '../shared/records';
import { scanPage } from '../shared/scan';
import { descending } from '../redis/index-scan';
import { RETENTION_GRACE_MS, type RedisKeys } from '../redis/keys';
import type { RedisClient } from '../redis/lua';
import { SCRIPTS } from '../redis/scripts';

/** The Redis {@link InboundRepo}: one hash per text (`d`, `r`) and two indexes under `{ii}`. */
export class RedisInbound implements InboundRepo {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  async add(sms: InboundSms): Promise<void> {
    const s = check.inbound(sms);
    const key = this.keys.inbound(s.id);
    const rec = this.redis.multi().hset(key, 'd', JSON.stringify(s));
    const idx = this.redis.multi().zadd(this.keys.inboundByTime(), toMs(s.receivedAt), s.id);
    if (s.retainUntil === undefined) {
      rec.hdel(key, 'r').persist(key);
      idx.zrem(this.keys.inboundByRetention(), s.id);
    } else {
      rec.hset(key, 'r', toMs(s.retainUntil)).pexpireat(key, toMs(s.retainUntil) + RETENTION_GRACE_MS);
      idx.zadd(this.keys.inboundByRetention(), toMs(s.retainUntil), s.id);
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
    return scanPage<InboundSms>(
      {
        next: descending(this.redis, this.keys.inboundByTime(), timeRange(filter)),
        load: (ids) => Promise.all(ids.map((id) => this.get(id))),
      },
      { after, limit, match: filtered ? (s) => matchInbound(filter, s) : undefined },
    );
  }

  /** Delete texts whose retainUntil is before `now`: the record first, then its index entries. */
  async purge(now: number): Promise<number> {
    const byTime = this.keys.inboundByTime();
    const byRet = this.keys.inboundByRetention();
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
