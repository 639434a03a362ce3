import type { DeliveryAttempt } from '../../schemas';
import type { Page, PageArgs } from '../port';

/** The log of webhook delivery attempts, per subscription. */
export interface DeliveryLog {
  /**
   * Append one attempt to the subscription's log (kept newest first by `at`, capped per subscription: the
   * oldest attempts beyond the cap are dropped). Recording an attempt id again replaces it.
   */
  record(attempt: DeliveryAttempt): Promise<void>;
  /**
   * {@link record} for several attempts (of any subscriptions) at once: one step per subscription (a delivering
   * worker records the attempts that finished together). All are validated before any is written.
   */
  recordMany(attempts: readonly DeliveryAttempt[]): Promise<void>;
  /** One attempt of the subscription's log by its id (undefined once dropped by the cap, or never recorded). */
  get(subscriptionId: string, id: string): Promise<DeliveryAttempt | undefined>;
  list(subscriptionId: string, page?: PageArgs & { deadLetteredOnly?: boolean }): Promise<Page<DeliveryAttempt>>;
}
