import { SmsfleetError } from '../../errors';
import { RedisKeys } from './keys';
import type { RedisClient } from './lua';

/**
 * The store's layout check, run once per store before its first partitioned read or write: every hub on one store
 * must split its indexes and queues the same way, so the first to open a store records its partition count (SET NX
 * on {@link RedisKeys.layout}) and a store recorded with another count is refused with `SMSFLEET_ERR_CONFIG`. A
 * store from before partitions existed has no record but has the unpartitioned message, inbound or contact index (a
 * store with data has one of them; a store holding only jobs or devices is taken for empty): it opens
 * with `partitions: 1` (its own layout, recorded then) and is refused with any other count.
 */
export class StoreLayout {
  private checked?: Promise<void>;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  /** Resolves once the store is known to have this layout (one round trip or two, once; none after). */
  ensure(): Promise<void> {
    this.checked ??= this.check().catch((e: unknown) => {
      this.checked = undefined; // a Redis failure is tried again by the next call
      throw e;
    });
    return this.checked;
  }

  private async check(): Promise<void> {
    const want = String(this.keys.partitions);
    let held = await this.redis.get(this.keys.layout());
    if (held === null) {
      if (this.keys.partitions !== 1 && (await this.holdsUnpartitionedData())) {
        throw refuse(
          `This Redis store holds the unpartitioned layout (made before partitions existed). Open it with ` +
            `partitions: 1 (SMSFLEET_REDIS_PARTITIONS=1), or start a fresh store (another prefix) to use ${want}.`,
        );
      }
      if ((await this.redis.set(this.keys.layout(), want, 'NX')) === 'OK') return;
      held = await this.redis.get(this.keys.layout());
    }
    if (held !== want) {
      throw refuse(
        `This Redis store is split into ${held} partitions, not ${want}: every hub on one store must use the same ` +
          `count (set SMSFLEET_REDIS_PARTITIONS=${held}).`,
      );
    }
  }

  /** True when the original single-partition message, inbound or contact index exists under this prefix. */
  private async holdsUnpartitionedData(): Promise<boolean> {
    const old = new RedisKeys(this.keys.prefix, 1);
    const found = await Promise.all(
      [old.messagesByTime(0), old.inboundByTime(0), old.contacts(0).all].map((k) => this.redis.exists(k)),
    );
    return found.some((n) => n > 0);
  }
}

function refuse(message: string): SmsfleetError {
  return new SmsfleetError('SMSFLEET_ERR_CONFIG', message, {
    issues: [{ field: 'partitions', reason: 'differs from the count this store was made with' }],
  });
}
