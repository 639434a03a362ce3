import type { Subscription } from '../../schemas';
import type { UpdateResult } from '../port';

/**
 * Webhook subscriptions. `create` refuses an id in use (`SMSFLEET_ERR_VALIDATION`); `delete` drops the delivery log
 * too.
 */
export interface SubscriptionRepo {
  create(sub: Subscription): Promise<void>;
  get(id: string): Promise<Subscription | undefined>;
  list(): Promise<Subscription[]>;
  /**
   * The list as this store knows it, for the webhook publisher and worker, which read it for every event and delivery
   * (frozen records, sorted by id). It reflects every write made through this store object at once (a subscription
   * created here receives the events published here after its creation returns); a write made by another hub of a
   * shared store once its change signal arrives (milliseconds), or, should that signal be lost, within the store's
   * cache age (a few seconds). {@link list} and {@link get} always read the store.
   */
  snapshot(): Promise<readonly Subscription[]>;
  update(id: string, fn: (s: Subscription) => Subscription | null): Promise<UpdateResult<Subscription> | undefined>;
  delete(id: string): Promise<boolean>;
}
