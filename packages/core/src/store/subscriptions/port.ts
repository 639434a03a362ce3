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
  update(id: string, fn: (s: Subscription) => Subscription | null): Promise<UpdateResult<Subscription> | undefined>;
  delete(id: string): Promise<boolean>;
}
