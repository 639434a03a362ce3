import type { DeliveryAttempt } from '../../schemas';
import type {
  BudgetLimit,
  Counters,
  Dedupe,
  DeliveryLog,
  Page,
  PageArgs,
  ReserveOptions,
  SegmentBudgets,
} from '../port';
import { checkBudget, checkWindows, pageLimit, requireInt, requireKey, requireTime } from '../shared/args';
import { newReservationId, parseReservationId, restampedReservationId } from '../shared/budget';
import { decodeCursor } from '../shared/cursor';
import { check, toMs } from '../shared/records';
import { scanPage } from '../shared/scan';
import { descending } from './index-scan';
import type { RedisKeys } from './keys';
import { SCRIPTS, type RedisClient } from './lua';

/** The Redis {@link DeliveryLog}: per subscription a hash of attempts and two time indexes, capped in Lua. */
export class RedisDeliveryLog implements DeliveryLog {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly cap: number,
  ) {}

  async record(attempt: DeliveryAttempt): Promise<void> {
    const a = check.attempt(attempt);
    const k = this.keys.deliveries(a.subscriptionId);
    await SCRIPTS.recordDelivery.run(
      this.redis,
      [k.hash, k.all, k.dead],
      [a.id, toMs(a.at), JSON.stringify(a), a.deadLettered ? '1' : '0', this.cap],
    );
  }

  async list(subscriptionId: string, page?: PageArgs & { deadLetteredOnly?: boolean }): Promise<Page<DeliveryAttempt>> {
    const limit = pageLimit(page);
    const after = decodeCursor(page?.cursor);
    const k = this.keys.deliveries(subscriptionId);
    return scanPage<DeliveryAttempt>(
      {
        next: descending(this.redis, page?.deadLetteredOnly ? k.dead : k.all),
        load: async (ids) =>
          (ids.length === 0 ? [] : await this.redis.hmget(k.hash, ...ids)).map((s) =>
            s == null ? undefined : (JSON.parse(s) as DeliveryAttempt),
          ),
      },
      { after, limit },
    );
  }
}

/** The Redis {@link SegmentBudgets}: a sliding-window log per key (one sorted set), decided in Lua. */
export class RedisBudgets implements SegmentBudgets {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  async reserve(
    key: string,
    amount: number,
    limits: BudgetLimit[],
    now: number,
    opts: ReserveOptions = {},
  ): Promise<{ ok: true; reservationId: string } | { ok: false; retryAt: number }> {
    checkBudget(key, amount, limits, now, opts.at);
    const at = opts.at ?? now;
    const k = this.keys.budget(key);
    const reservationId = newReservationId(at, amount);
    const r = (await SCRIPTS.reserveBudget.run(
      this.redis,
      [k.log, k.window],
      [now, amount, reservationId, at, ...limits.flatMap((l) => [l.max, l.windowMs])],
    )) as [number, string?];
    return r[0] === 1 ? { ok: true, reservationId } : { ok: false, retryAt: Number(r[1]) };
  }

  async release(key: string, reservationId: string): Promise<void> {
    requireKey(key, 'key');
    parseReservationId(reservationId);
    await this.redis.zrem(this.keys.budget(key).log, reservationId);
  }

  async restamp(key: string, reservationId: string, at: number): Promise<string | undefined> {
    requireKey(key, 'key');
    requireTime(at, 'at');
    const id = restampedReservationId(reservationId, at);
    const k = this.keys.budget(key);
    const moved = (await SCRIPTS.restampBudget.run(this.redis, [k.log, k.window], [reservationId, id, at])) as number;
    return moved === 1 ? id : undefined;
  }

  async used(key: string, windowMs: number, now: number): Promise<number> {
    requireInt(windowMs, 'windowMs', 1, 366 * 86400_000);
    return (await this.usedIn(key, [windowMs], now))[0]!;
  }

  async usedIn(key: string, windowsMs: number[], now: number): Promise<number[]> {
    requireKey(key, 'key');
    checkWindows(windowsMs);
    requireTime(now, 'now');
    const r = (await SCRIPTS.budgetUsed.run(
      this.redis,
      [this.keys.budget(key).log],
      windowsMs.map((w) => now - w),
    )) as number[];
    return r.map(Number);
  }
}

/** The Redis {@link Counters}: one hash `{ct}`. */
export class RedisCounters implements Counters {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}
  async hitWindow(key: string, windowMs: number, now: number): Promise<{ count: number; resetAt: number }> {
    requireKey(key, 'key');
    requireInt(windowMs, 'windowMs', 1, 366 * 86400_000);
    requireInt(now, 'now', 0, 2 ** 53);
    const resetAt = (Math.floor(now / windowMs) + 1) * windowMs;
    const k = this.keys.window(key, resetAt);
    // One round trip; MULTI keeps INCR and its expiry together (one key, so one Cluster slot). The expiry is
    // relative: Redis expires by its own wall clock, while `now` may come from a test or scaled clock.
    const res = await this.redis
      .multi()
      .incr(k)
      .pexpire(k, resetAt - now + windowMs)
      .exec();
    const err = res?.find(([e]) => e)?.[0];
    if (err || !res) throw err ?? new Error('MULTI aborted');
    return { count: Number(res[0]![1]), resetAt };
  }
  async incr(key: string, by = 1): Promise<number> {
    requireKey(key, 'key');
    requireInt(by, 'by', -(2 ** 50), 2 ** 50);
    return this.redis.hincrby(this.keys.counters(), key, by);
  }
  async get(keys: string[]): Promise<Record<string, number>> {
    if (keys.length === 0) return {};
    const vals = await this.redis.hmget(this.keys.counters(), ...keys);
    return Object.fromEntries(keys.map((k, i) => [k, Number(vals[i] ?? 0)]));
  }
}

/** The Redis {@link Dedupe}: SET NX PX per key. */
export class RedisDedupe implements Dedupe {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}
  async firstSeen(key: string, ttlMs: number): Promise<boolean> {
    requireKey(key, 'key');
    requireInt(ttlMs, 'ttlMs', 1, 366 * 86400_000);
    return (await this.redis.set(this.keys.dedupe(key), '1', 'PX', ttlMs, 'NX')) === 'OK';
  }
  async seen(key: string): Promise<boolean> {
    requireKey(key, 'key');
    return (await this.redis.exists(this.keys.dedupe(key))) === 1;
  }
}
