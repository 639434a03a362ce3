import type { Message } from '../../schemas';
import { toMs } from '../shared/records';
import type { RedisKeys } from '../redis/keys';
import type { RedisClient } from '../redis/lua';
import { SCRIPTS } from '../redis/scripts';

/**
 * The message indexes of the Redis store, split into the store's partitions (keys.ts): a message's index entries
 * (`{mi:<p>}`) and its pending-create pointer (`{mo:<p>}`) live in the partition of its id, so the writes of many
 * messages spread over the Cluster's shards. Each step stays within one partition's tag; reads over every
 * partition merge their answers.
 */
export class MessageIndex {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  /** Add a message's index entries (NX: a repeat keeps the first), in one script: one round trip, not a MULTI's 4. */
  async add(m: Message): Promise<void> {
    const p = this.keys.partitionOf(m.id);
    const retain = m.retainUntil === undefined ? '' : toMs(m.retainUntil);
    const keys = [this.keys.messagesByTime(p), this.keys.messagesByRetention(p)];
    await SCRIPTS.indexMessage.run(this.redis, keys, [m.id, toMs(m.createdAt), retain]);
  }

  /** Move a message's entries after an update changed its createdAt or retainUntil. */
  async move(before: Message, after: Message): Promise<void> {
    if (before.createdAt === after.createdAt && before.retainUntil === after.retainUntil) return;
    const p = this.keys.partitionOf(after.id);
    const tx = this.redis.multi();
    if (before.createdAt !== after.createdAt)
      tx.zadd(this.keys.messagesByTime(p), 'XX', toMs(after.createdAt), after.id);
    if (after.retainUntil === undefined) tx.zrem(this.keys.messagesByRetention(p), after.id);
    else tx.zadd(this.keys.messagesByRetention(p), toMs(after.retainUntil), after.id);
    await tx.exec();
  }

  /** Drop a message's index entries and pending-create pointer (two tags: two round trips, in parallel). */
  async drop(id: string): Promise<void> {
    const p = this.keys.partitionOf(id);
    await Promise.all([
      this.redis.multi().zrem(this.keys.messagesByTime(p), id).zrem(this.keys.messagesByRetention(p), id).exec(),
      this.redis.zrem(this.keys.pendingCreates(p), id),
    ]);
  }

  /** Put a message on the sweeper's list of pending creates (NX: the first createdAt stays). */
  async addPending(id: string, createdAt: number): Promise<void> {
    await this.redis.zadd(this.keys.pendingCreates(this.keys.partitionOf(id)), 'NX', createdAt, id);
  }

  /** Take a message off the list of pending creates. */
  async dropPending(id: string): Promise<void> {
    await this.redis.zrem(this.keys.pendingCreates(this.keys.partitionOf(id)), id);
  }

  /** Up to `limit` pending creates older than `before` ms, oldest first (ties by id), over every partition. */
  async pending(before: number, limit: number): Promise<string[]> {
    const parts = await Promise.all(
      this.keys
        .allPartitions()
        .map((p) =>
          this.redis.zrangebyscore(this.keys.pendingCreates(p), '-inf', `(${before}`, 'WITHSCORES', 'LIMIT', 0, limit),
        ),
    );
    const all: { id: string; score: number }[] = [];
    for (const flat of parts) for (let i = 0; i < flat.length; i += 2) all.push({ id: flat[i]!, score: +flat[i + 1]! });
    all.sort((a, b) => a.score - b.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return all.slice(0, limit).map((e) => e.id);
  }

  /** Delete messages whose retainUntil is before `now`, every partition in parallel; see keys.ts for the order. */
  async purge(now: number): Promise<number> {
    const counts = await Promise.all(this.keys.allPartitions().map((p) => this.purgePartition(p, now)));
    return counts.reduce((a, b) => a + b, 0);
  }

  private async purgePartition(p: number, now: number): Promise<number> {
    const byTime = this.keys.messagesByTime(p);
    const byRet = this.keys.messagesByRetention(p);
    let purged = 0;
    for (;;) {
      const ids = await this.redis.zrangebyscore(byRet, '-inf', `(${now}`, 'LIMIT', 0, 200);
      if (ids.length === 0) return purged;
      const results = await Promise.all(
        ids.map((id) => {
          const k = this.keys.message(id);
          return SCRIPTS.purgeRecord.run(this.redis, [k.hash, k.events], [now]) as Promise<[number, ...string[]]>;
        }),
      );
      const tx = this.redis.multi();
      const unlinks: Promise<unknown>[] = [];
      results.forEach(([state, ...rest], i) => {
        const id = ids[i]!;
        if (state === 0) {
          // kept: its retainUntil moved (fix the index) or went away (drop the entry)
          if (rest[0] === undefined) tx.zrem(byRet, id);
          else tx.zadd(byRet, rest[0], id);
          return;
        }
        tx.zrem(byTime, id).zrem(byRet, id);
        unlinks.push(this.redis.zrem(this.keys.pendingCreates(p), id)); // its own tag: not in the {mi:} transaction
        if (state !== 1) return;
        purged++;
        for (const f of rest) unlinks.push(SCRIPTS.delIfEquals.run(this.redis, [this.keys.linkFromField(f)], [id]));
      });
      const [replies] = await Promise.all([tx.exec(), ...unlinks]);
      const failed = replies?.find(([err]) => err);
      if (!replies || failed) throw failed?.[0] ?? new Error('purge transaction aborted');
    }
  }
}
