import type { Subscription } from '../../schemas';
import type { Signals } from '../signals/port';

/** The signal channel on which a store announces that a subscription was created, changed or deleted. */
export const SUBSCRIPTIONS_CHANNEL = 'subscriptions';

/** How long a hub serves its cached subscription list without reading it again (when no change was signalled). */
export const DEFAULT_SUBSCRIPTION_CACHE_MS = 5_000;

/** Freeze a JSON value and everything in it (each snapshot call hands out the same records). */
export function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object') {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

/**
 * The cached subscription list behind {@link SubscriptionRepo.snapshot} on a shared store: read once, then served
 * without a round trip until a write through this store ({@link invalidate}, before the write returns), a change
 * signalled by another hub on {@link SUBSCRIPTIONS_CHANNEL}, a gap in that signal subscription, or `maxAgeMs`
 * (a lost signal heals). Only a read started while the signal subscription was in place is kept: a change signalled
 * before the subscription existed would otherwise go unseen.
 */
export class SubscriptionSnapshot {
  private list?: readonly Subscription[];
  private readAt = 0;
  /** Bumped by every invalidation: a read started before one is handed to its callers but not kept. */
  private gen = 0;
  private live = false;
  private listening = false;
  private retryAt = -Infinity;
  private pending?: { gen: number; p: Promise<readonly Subscription[]> };

  constructor(
    private readonly read: () => Promise<Subscription[]>,
    private readonly signals: Pick<Signals, 'subscribe'>,
    private readonly maxAgeMs: number = DEFAULT_SUBSCRIPTION_CACHE_MS,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The list changed (or may have): the next {@link get} reads it again. */
  invalidate(): void {
    this.gen++;
    this.list = undefined;
  }

  /** The subscriptions, from the cache when it is current. */
  async get(): Promise<readonly Subscription[]> {
    if (this.maxAgeMs <= 0) return deepFreeze(await this.read());
    this.listen();
    if (this.list && this.now() - this.readAt < this.maxAgeMs) return this.list;
    // Join a read under way only if nothing changed since it started (a write that returned before this call did).
    if (this.pending?.gen === this.gen) return this.pending.p;
    const gen = this.gen;
    const live = this.live;
    const at = this.now();
    const p = this.read().then((list) => {
      const frozen = deepFreeze(list);
      if (live && this.live && this.gen === gen) {
        this.list = frozen;
        this.readAt = at;
      }
      return frozen;
    });
    const mine = { gen, p };
    this.pending = mine;
    void p.then(
      () => this.pending === mine && (this.pending = undefined),
      () => this.pending === mine && (this.pending = undefined),
    );
    return p;
  }

  private listen(): void {
    if (this.listening || this.now() < this.retryAt) return;
    this.listening = true;
    const change = () => this.invalidate();
    this.signals.subscribe(SUBSCRIPTIONS_CHANNEL, change, change).then(
      () => {
        this.live = true;
      },
      () => {
        // Until it is in place every snapshot reads the list; try again after a while.
        this.listening = false;
        this.retryAt = this.now() + this.maxAgeMs;
      },
    );
  }
}
