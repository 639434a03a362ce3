import { SmsfleetError, type Clock, type Counters } from '@smsfleet/core';

const WINDOW_MS = 60_000;
/** Blocked addresses remembered per hub before the oldest are dropped (a flood of addresses cannot grow it). */
const MAX_BLOCKED = 10_000;

/**
 * Throttles failed authentications per source address: after `limit` failures in a minute window (counted in the
 * store, shared by every hub) the address is answered 429 `SMSFLEET_ERR_RATE_LIMITED` before its key is checked,
 * until the window ends. A valid key costs nothing here: only a failure counts (one atomic hit), and the block is
 * remembered in this hub's memory, so the authentication of a good key stays one store read.
 */
export class FailedAuthThrottle {
  private readonly blocked = new Map<string, number>();

  constructor(
    private readonly counters: Pick<Counters, 'hitWindow'>,
    private readonly clock: Clock,
    /** Failures allowed per address and minute. */
    readonly limit: number,
  ) {}

  /** Throws the 429 when `ip` is blocked now. */
  check(ip: string): void {
    const until = this.blocked.get(ip);
    if (until === undefined) return;
    const now = this.clock.now();
    if (until <= now) {
      this.blocked.delete(ip);
      return;
    }
    throw this.tooMany(until - now);
  }

  /**
   * Count a failure from `ip`. Returns the 429 to answer instead of `failure` once the address is over the limit,
   * else `failure` itself.
   */
  async failed(ip: string, failure: unknown): Promise<unknown> {
    const now = this.clock.now();
    // A store that cannot count keeps the refusal a 401: the throttle must not turn a bad key into a 503.
    const hit = await this.counters.hitWindow(`authfail:${ip}`, WINDOW_MS, now).catch(() => undefined);
    if (!hit) return failure;
    const { count, resetAt } = hit;
    if (count < this.limit) return failure;
    if (this.blocked.size >= MAX_BLOCKED) this.blocked.delete(this.blocked.keys().next().value as string);
    this.blocked.set(ip, resetAt);
    // The limit-th failure still gets its 401; every later attempt gets the 429.
    return count === this.limit ? failure : this.tooMany(resetAt - now);
  }

  private tooMany(ms: number): SmsfleetError {
    const retryAfterSeconds = Math.max(1, Math.ceil(ms / 1000));
    return new SmsfleetError(
      'SMSFLEET_ERR_RATE_LIMITED',
      `Too many failed authentications from this address: at most ${this.limit} per minute. ` +
        `Retry after ${retryAfterSeconds} s.`,
      { details: { retryAfterSeconds, limit: this.limit, reason: 'failed-authentications' } },
    );
  }
}
