import { type ContractContext, rejection, T0 } from '../contract/fixtures';

/** The counters part of the Store contract (see store/contract.ts). */
export function countersContract(ctx: ContractContext): void {
  describe('counters', () => {
    it('counts hits per fixed window, resets in the next window, and loses no concurrent hit', async () => {
      const w = 60_000;
      const t = Math.floor(T0 / w) * w + 1_000;
      expect(await ctx.store.counters.hitWindow('rl:a', w, t)).toEqual({ count: 1, resetAt: t - 1_000 + w });
      await Promise.all(Array.from({ length: 40 }, () => ctx.store.counters.hitWindow('rl:a', w, t + 10)));
      expect(await ctx.store.counters.hitWindow('rl:a', w, t + w - 1_001)).toEqual({
        count: 42,
        resetAt: t - 1_000 + w,
      });
      expect(await ctx.store.counters.hitWindow('rl:a', w, t + w)).toEqual({ count: 1, resetAt: t - 1_000 + 2 * w });
      expect(await ctx.store.counters.hitWindow('rl:b', w, t)).toMatchObject({ count: 1 });
      expect(await rejection(ctx.store.counters.hitWindow('rl:a', 0, t))).toMatchObject({
        code: 'SMSFLEET_ERR_VALIDATION',
        field: 'windowMs',
      });
      expect(await rejection(ctx.store.counters.hitWindow('', w, t))).toMatchObject({
        code: 'SMSFLEET_ERR_VALIDATION',
        field: 'key',
      });
    });

    it('increments, reads missing counters as 0, and loses no concurrent increment', async () => {
      expect(await ctx.store.counters.incr('sent')).toBe(1);
      expect(await ctx.store.counters.incr('sent', 4)).toBe(5);
      expect(await ctx.store.counters.incr('sent', -2)).toBe(3);
      await Promise.all(Array.from({ length: 50 }, () => ctx.store.counters.incr('hot')));
      expect(await ctx.store.counters.get(['sent', 'hot', 'never'])).toEqual({ sent: 3, hot: 50, never: 0 });
      expect(await rejection(ctx.store.counters.incr('sent', 1.5))).toMatchObject({
        code: 'SMSFLEET_ERR_VALIDATION',
        field: 'by',
      });
      expect(await ctx.store.counters.get(['sent'])).toEqual({ sent: 3 });
    });
  });
}
