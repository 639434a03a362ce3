import type {
  BudgetLimit,
  BudgetStanding,
  BudgetUsage,
  Refusal,
  Reserved,
  ReserveOptions,
  SegmentBudgets,
} from '../budgets/port';
import { newReservationId, restampedReservationId } from '../budgets/reservation';
import type { RedisKeys } from '../redis/keys';
import type { RedisClient } from '../redis/lua';
import { SCRIPTS } from '../redis/scripts';
import { parseUsage } from './usage';
import {
  checkBudget,
  checkCaps,
  checkRelease,
  checkReleasePeriods,
  checkRestamp,
  checkStanding,
  checkUsed,
  checkWindow,
} from './args';

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
  ): Promise<Reserved | Refusal> {
    checkBudget(key, amount, limits, now, opts.at);
    checkCaps(amount, opts, now);
    const at = opts.at ?? now;
    const k = this.keys.budget(key);
    const reservationId = newReservationId(at, amount);
    if (opts.periods?.length || opts.recipient) return this.reserveCapped(key, amount, limits, now, at, opts);
    const r = (await SCRIPTS.reserveBudget.run(
      this.redis,
      [k.log, k.window],
      [now, amount, reservationId, at, ...limits.flatMap((l) => [l.max, l.windowMs])],
    )) as unknown[];
    const usage = parseUsage(r, 2);
    return Number(r[0]) === 1 ? { ok: true, reservationId, usage } : { ok: false, retryAt: Number(r[1]), usage };
  }

  /** A reservation with calendar periods or a recipient cap: one script over the budget's own slot. */
  private async reserveCapped(
    key: string,
    amount: number,
    limits: BudgetLimit[],
    now: number,
    at: number,
    opts: ReserveOptions,
  ): Promise<Reserved | Refusal> {
    const k = this.keys.budget(key);
    const periods = opts.periods ?? [];
    const rc = opts.recipient;
    const reservationId = newReservationId(at, amount);
    const r = (await SCRIPTS.reserveCapped.run(
      this.redis,
      [
        k.log,
        k.window,
        ...periods.map((p) => this.keys.budgetPeriod(key, p.period).count),
        ...(rc ? [this.keys.budgetPeriod(key, rc.period).recipients] : []),
      ],
      [
        now,
        amount,
        reservationId,
        at,
        limits.length,
        ...limits.flatMap((l) => [l.max, l.windowMs]),
        periods.length,
        ...periods.flatMap((p) => [p.max, p.endsAt]),
        ...(rc ? [rc.recipient, rc.limit, rc.endsAt] : []),
      ],
    )) as unknown[];
    const usage = parseUsage(r, 3);
    if (Number(r[0]) === 1) return { ok: true, reservationId, usage };
    const by = r[2] === 'period' || r[2] === 'recipients' ? r[2] : undefined;
    return by ? { ok: false, retryAt: Number(r[1]), by, usage } : { ok: false, retryAt: Number(r[1]), usage };
  }

  async release(key: string, reservationId: string, periods?: string[]): Promise<void> {
    const { amount } = checkRelease(key, reservationId);
    const ps = checkReleasePeriods(periods);
    if (ps.length === 0) {
      await this.redis.zrem(this.keys.budget(key).log, reservationId);
      return;
    }
    await SCRIPTS.releaseBudget.run(
      this.redis,
      [this.keys.budget(key).log, ...ps.map((p) => this.keys.budgetPeriod(key, p).count)],
      [reservationId, amount],
    );
  }

  async standing(
    key: string,
    windowsMs: number[],
    now: number,
    periods: string[],
    recipient?: { period: string; recipient?: string },
  ): Promise<BudgetStanding> {
    checkStanding(key, windowsMs, now, periods, recipient);
    const r = (
      (await SCRIPTS.budgetStanding.run(
        this.redis,
        [
          this.keys.budget(key).log,
          ...periods.map((p) => this.keys.budgetPeriod(key, p).count),
          ...(recipient ? [this.keys.budgetPeriod(key, recipient.period).recipients] : []),
        ],
        [
          windowsMs.length,
          ...windowsMs.map((w) => now - w),
          periods.length,
          ...(recipient ? [1, ...(recipient.recipient === undefined ? [] : [recipient.recipient])] : []),
        ],
      )) as unknown[]
    ).map(Number);
    const w = windowsMs.length;
    return {
      windows: r.slice(0, w),
      periods: r.slice(w, w + periods.length),
      ...(recipient ? { recipients: { count: r[w + periods.length]!, known: r[w + periods.length + 1] === 1 } } : {}),
    };
  }

  async restamp(key: string, reservationId: string, at: number): Promise<string | undefined> {
    checkRestamp(key, at);
    const id = restampedReservationId(reservationId, at);
    const k = this.keys.budget(key);
    const moved = (await SCRIPTS.restampBudget.run(this.redis, [k.log, k.window], [reservationId, id, at])) as number;
    return moved === 1 ? id : undefined;
  }

  async usage(key: string, limits: BudgetLimit[], now: number): Promise<BudgetUsage> {
    checkBudget(key, 1, limits, now);
    const r = (await SCRIPTS.budgetUsage.run(
      this.redis,
      [this.keys.budget(key).log],
      [now, ...limits.flatMap((l) => [l.max, l.windowMs])],
    )) as unknown[];
    return parseUsage(r, 0);
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
