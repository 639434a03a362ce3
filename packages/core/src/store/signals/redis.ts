import { Cluster, type Redis } from 'ioredis';
import { SmsfleetError } from '../../errors';
import type { RedisKeys } from '../redis/keys';
import type { RedisClient } from '../redis/lua';
import type { Signals } from './port';
import { checkChannel, checkSignal } from './args';
import { Hearing } from './hearing';

/**
 * The channel on which a hub says it subscribed to a channel (the message is that channel's name), so that a hub that
 * found it unheard publishes on it again.
 */
const NOTICE_CHANNEL = 'sig.listening';
/** How long a channel a publish found unheard stays so without news (then one publish finds out again). */
export const UNHEARD_MS = 5_000;

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
  private readonly hearing: Hearing;
  /** The subscription to the notices, once a publish reached nobody. */
  private notices?: Promise<unknown>;

  constructor(
    private readonly redis: RedisClient,
    private readonly raw: RedisClient,
    private readonly keys: RedisKeys,
    /** How long a channel a publish found unheard stays so without news. */
    unheardMs = UNHEARD_MS,
  ) {
    this.sharded = raw instanceof Cluster;
    this.hearing = new Hearing(unheardMs);
  }

  async publish(channel: string, message: string): Promise<void> {
    const c = this.keys.channel(checkChannel(channel));
    const m = checkSignal(message);
    const ticket = this.hearing.sending();
    const receivers = Number(this.sharded ? await this.redis.spublish(c, m) : await this.redis.publish(c, m));
    this.hearing.reached(c, ticket, receivers);
    if (receivers === 0) this.hearNotices();
  }

  /**
   * False while a publish on `channel` reached no hub lately and no hub has said since that it subscribed (see
   * hearing.ts), so a publisher may skip it: the live events of a fleet with no dashboard open cost no PUBLISH per
   * status change and click. A hub that subscribes says so, and is heard from when its notice arrives (before its
   * subscribe resolves, the notice is on its way to every hub); a lost notice costs at most 5 s of skipped hints.
   */
  heard(channel: string): boolean {
    const c = this.keys.channel(channel);
    return this.entries.has(c) || this.hearing.heard(c);
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
      // Hubs that found the channel unheard publish on it again once this arrives; a lost notice costs seconds.
      if (channel !== NOTICE_CHANNEL) await this.publish(NOTICE_CHANNEL, c).catch(() => undefined);
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

  /** Subscribe to the other hubs' notices (once): until that is in place, a publish that reached nobody counts not. */
  private hearNotices(): void {
    if (this.notices || this.closed) return;
    this.notices = this.subscribe(
      NOTICE_CHANNEL,
      (c) => this.hearing.noticed(c),
      () => this.hearing.listen(), // subscribed again after a gap, whose notices were lost (forgotten at the drop)
    ).then(
      () => this.hearing.listen(),
      () => {
        this.notices = undefined; // the next publish that reaches nobody tries again
      },
    );
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
    sub.on('close', () => this.hearing.forget()); // notices may be missed until the notice channel is heard again
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
