import { type ContractContext, rejection } from '../contract/fixtures';

/** The dedupe part of the Store contract (see store/contract.ts). */
export function dedupeContract(ctx: ContractContext): void {
  describe('dedupe', () => {
    it('says true once per key within the TTL, atomically, and again after it', async () => {
      const results = await Promise.all(Array.from({ length: 20 }, () => ctx.store.dedupe.firstSeen('evt-1', 60_000)));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await ctx.store.dedupe.firstSeen('evt-2', 60_000)).toBe(true);
      expect(await ctx.store.dedupe.firstSeen('short', 25)).toBe(true);
      const deadline = Date.now() + 5000;
      let again = false;
      while (!again && Date.now() < deadline) {
        again = await ctx.store.dedupe.firstSeen('short', 25);
        if (!again) await new Promise((r) => setTimeout(r, 5));
      }
      expect(again).toBe(true);
      expect(await ctx.store.dedupe.firstSeen('evt-1', 60_000)).toBe(false);
      expect(await rejection(ctx.store.dedupe.firstSeen('x', 0))).toMatchObject({
        code: 'SMSFLEET_ERR_VALIDATION',
        field: 'ttlMs',
      });
    });

    it('says whether a key is marked without marking it, and forgets it after the TTL', async () => {
      expect(await ctx.store.dedupe.seen('chk-1')).toBe(false);
      expect(await ctx.store.dedupe.seen('chk-1')).toBe(false); // checking marks nothing
      expect(await ctx.store.dedupe.firstSeen('chk-1', 60_000)).toBe(true);
      expect(await ctx.store.dedupe.seen('chk-1')).toBe(true);
      expect(await ctx.store.dedupe.firstSeen('chk-short', 25)).toBe(true);
      const deadline = Date.now() + 5000;
      while ((await ctx.store.dedupe.seen('chk-short')) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 5));
      expect(await ctx.store.dedupe.seen('chk-short')).toBe(false);
    });
  });
}
