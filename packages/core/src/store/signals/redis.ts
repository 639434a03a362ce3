import { Cluster, type Redis } from 'ioredis';
import { SmsfleetError } from '../../errors';
import type { RedisKeys } from '../redis/keys';
import type { RedisClient } from '../redis/lua';
import type { Signals } from './port';
import { checkChannel, checkSignal } from './args';

interface Entry {
  onMessage(message: string): void;
  onGap?: () => void;
}

function storeError(e: unknown): SmsfleetError {
  if (e instanceof SmsfleetError) return e;
  return new SmsfleetError('SMSFLEET_ERR_STORE', `Redis failed: ${e instanceof Error ? e.message : String(e)}`, {
    cause: e,
  });
}

function call(h: () => void): void {
  try {
    h();
  } catch {
    // a signal is a hint: a handler's failure is its own
  }
}

/**
 * The Redis {@link Signals}: PUBLISH on a single node; on a Cluster sharded pub/sub (SPUBLISH/SSUBSCRIBE, Redis 7+,
 * ioredis `shardedSubscribers`), so a signal only travels through the shard that owns its channel instead of the whole
 * cluster bus. Subscriptions share one dedicated connection per store (a subscribed connection can run nothing else),
 * made on the first subscribe and closed with the store. ioredis subscribes again after a reconnect; each handler's
 * `onGap` is called once that new subscription is confirmed, so a look at the state made then misses nothing.
 */
export class RedisSignals implements Signals {
  private sub?: Redis | Cluster;
  private readonly entries = new Map<string, Set<Entry>>();
  private readonly sharded: boolean;
  private closed = false;

  constructor(
    private readonly redis: RedisClient,
    private readonly raw: RedisClient,
    private readonly keys: RedisKeys,
  ) {
    this.sharded = raw instanceof Cluster;
  }

  async publish(channel: string, message: string): Promise<void> {
    const c = this.keys.channel(checkChannel(channel));
    const m = checkSignal(message);
    if (this.sharded) await this.redis.spublish(c, m);
    else await this.redis.publish(c, m);
  }

  async subscribe(
    channel: string,
    onMessage: (message: string) => void,
    onGap?: () => void,
  ): Promise<() => Promise<void>> {
    const c = this.keys.channel(checkChannel(channel));
    const entry: Entry = { onMessage, ...(onGap ? { onGap } : {}) };
    let set = this.entries.get(c);
    const first = !set;
    if (!set) this.entries.set(c, (set = new Set()));
    set.add(entry);
    if (first) {
      try {
        await this.listen(this.connection(), c);
      } catch (e) {
        set.delete(entry);
        if (set.size === 0 && this.entries.get(c) === set) this.entries.delete(c);
        throw storeError(e);
      }
    }
    return async () => {
      set.delete(entry);
      if (set.size > 0 || this.entries.get(c) !== set) return;
      this.entries.delete(c);
      const sub = this.sub;
      if (!sub || this.closed) return;
      await (this.sharded ? sub.sunsubscribe(c) : sub.unsubscribe(c)).catch(() => undefined);
    };
  }

  /** Close the subscriber connection (the store's close calls this). */
  async close(): Promise<void> {
    this.closed = true;
    this.entries.clear();
    this.sub?.disconnect();
  }

  private listen(sub: Redis | Cluster, channel: string): Promise<unknown> {
    return this.sharded ? sub.ssubscribe(channel) : sub.subscribe(channel);
  }

  private connection(): Redis | Cluster {
    if (this.sub) return this.sub;
    const raw = this.raw;
    const sub: Redis | Cluster =
      raw instanceof Cluster
        ? raw.duplicate([], { shardedSubscribers: true })
        : raw.duplicate({ enableAutoPipelining: false, lazyConnect: false });
    sub.on('error', () => undefined); // reconnects on its own; a lost signal is reported through onGap
    const deliver = (channel: string, message: string) => {
      for (const e of [...(this.entries.get(channel) ?? [])]) call(() => e.onMessage(message));
    };
    sub.on(this.sharded ? 'smessage' : 'message', deliver);
    let readyOnce = false;
    sub.on('ready', () => {
      if (!readyOnce) {
        readyOnce = true;
        return;
      }
      void this.resubscribed(sub);
    });
    this.sub = sub;
    return sub;
  }

  /** After a reconnect: confirm every channel is subscribed again, then tell each handler it may have missed some. */
  private async resubscribed(sub: Redis | Cluster): Promise<void> {
    for (const [channel, set] of [...this.entries]) {
      try {
        await this.listen(sub, channel);
      } catch {
        continue; // the next reconnect tries again; the handlers' safety polls cover the gap meanwhile
      }
      for (const e of [...set]) if (e.onGap) call(e.onGap);
    }
  }
}
