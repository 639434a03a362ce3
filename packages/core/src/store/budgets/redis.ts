import type { BudgetLimit, ReserveOptions, SegmentBudgets } from '../budgets/port';
import { newReservationId, restampedReservationId } from '../budgets/reservation';
import type { RedisKeys } from '../redis/keys';
import type { RedisClient } from '../redis/lua';
import { SCRIPTS } from '../redis/scripts';
import { checkBudget, checkRelease, checkRestamp, checkUsed, checkWindow } from './args';

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
    checkRelease(key, reservationId);
    await this.redis.zrem(this.keys.budget(key).log, reservationId);
  }

  async restamp(key: string, reservationId: string, at: number): Promise<string | undefined> {
    checkRestamp(key, at);
    const id = restampedReservationId(reservationId, at);
    const k = this.keys.budget(key);
    const moved = (await SCRIPTS.restampBudget.run(this.redis, [k.log, k.window], [reservationId, id, at])) as number;
    return moved === 1 ? id : undefined;
  }

  async used(key: string, windowMs: number, now: number): Promise<number> {
    checkWindow(windowMs);
    return (await this.usedIn(key, [windowMs], now))[0]!;
  }

  async usedIn(key: string, windowsMs: number[], now: number): Promise<number[]> {
    checkUsed(key, windowsMs, now);
    const r = (await SCRIPTS.budgetUsed.run(
      this.redis,
      [this.keys.budget(key).log],
      windowsMs.map((w) => now - w),
    )) as number[];
    return r.map(Number);
  }
}
