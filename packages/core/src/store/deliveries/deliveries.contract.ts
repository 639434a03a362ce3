import { allPages, type ContractContext, rejection, subscription, attempt } from '../contract/fixtures';

/** The deliveries part of the Store contract (see store/contract.ts). */
export function deliveriesContract(ctx: ContractContext): void {
  describe('delivery log', () => {
    it('lists newest first with pages, keeps only the newest `cap` attempts, and filters dead letters', async () => {
      const cap = ctx.options.deliveryLogCap;
      const n = cap + 5;
      const attempts = Array.from({ length: n }, (_, i) =>
        attempt('sub_a', i * 1000, { attempt: (i % 3) + 1, ok: i % 4 === 0, deadLettered: i % 4 === 1 }),
      );
      for (const a of [...attempts].reverse()) await ctx.store.deliveries.record(a); // out of order on purpose
      await ctx.store.deliveries.record(attempt('sub_b', 0));
      const kept = attempts.slice(5).reverse();
      expect((await allPages((p) => ctx.store.deliveries.list('sub_a', p), 4)).items).toEqual(kept);
      expect(
        (await allPages((p) => ctx.store.deliveries.list('sub_a', { ...p, deadLetteredOnly: true }), 2)).items,
      ).toEqual(kept.filter((a) => a.deadLettered));
      expect((await ctx.store.deliveries.list('sub_b')).items).toHaveLength(1);
      expect((await ctx.store.deliveries.list('sub_none')).items).toEqual([]);
    });

    it('replaces an attempt recorded again, refuses invalid ones, and is dropped with its subscription', async () => {
      await ctx.store.subscriptions.create(subscription('sub_a'));
      const a = attempt('sub_a', 0, { ok: false, statusCode: 500 });
      await ctx.store.deliveries.record(a);
      await ctx.store.deliveries.record({ ...a, deadLettered: true });
      expect((await ctx.store.deliveries.list('sub_a', { deadLetteredOnly: true })).items).toEqual([
        { ...a, deadLettered: true },
      ]);
      await ctx.store.deliveries.record({ ...a, deadLettered: false });
      expect((await ctx.store.deliveries.list('sub_a', { deadLetteredOnly: true })).items).toEqual([]);
      expect((await ctx.store.deliveries.list('sub_a')).items).toHaveLength(1);
      expect(await rejection(ctx.store.deliveries.record({ ...attempt('sub_a', 1), attempt: 0 }))).toMatchObject({
        code: 'SMSFLEET_ERR_VALIDATION',
        field: 'attempt.attempt',
      });
      await ctx.store.subscriptions.delete('sub_a');
      expect((await ctx.store.deliveries.list('sub_a')).items).toEqual([]);
    });
  });
}
