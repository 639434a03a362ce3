import type { DeliveryAttempt } from '../../schemas';
import type { BudgetLimit, ReserveOptions, SegmentBudgets } from '../budgets/port';
import type { Counters } from '../counters/port';
import type { Dedupe } from '../dedupe/port';
import type { DeliveryLog } from '../deliveries/port';
import type { Page, PageArgs } from '../port';
import { checkBudget, checkWindows, pageLimit, requireInt, requireKey, requireTime } from '../shared/args';
import { newReservationId, parseReservationId, restampedReservationId } from '../budgets/reservation';
import { decodeCursor } from '../shared/cursor';
import { check, toMs } from '../shared/records';
import { scanPage } from '../shared/scan';
import { descending } from '../redis/index-scan';
import type { RedisKeys } from '../redis/keys';
import type { RedisClient } from '../redis/lua';
import { SCRIPTS } from '../redis/scripts';

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
