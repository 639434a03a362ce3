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
      expect(await ctx.store.deliveries.get('sub_a', kept[0]!.id)).toEqual(kept[0]);
      expect(await ctx.store.deliveries.get('sub_a', attempts[0]!.id)).toBeUndefined(); // dropped by the cap
      expect(await ctx.store.deliveries.get('sub_b', kept[0]!.id)).toBeUndefined();
    });

    it('keeps the event sent and the held and replay flags, for replay', async () => {
      const event = {
        id: 'evt_01jd3k2m4n5p6q7r8s9t0v1w2x',
        type: 'webhook.test' as const,
        timestamp: '2026-11-23T10:15:30.000Z',
        data: { subscriptionId: 'sub_a', message: 'hi', at: '2026-11-23T10:15:30.000Z' },
      };
      const a = attempt('sub_a', 0, { ok: false, deadLettered: true, held: true, replay: true, event });
      await ctx.store.deliveries.record(a);
      expect(await ctx.store.deliveries.get('sub_a', a.id)).toEqual(a);
      expect((await ctx.store.deliveries.list('sub_a', { deadLetteredOnly: true })).items).toEqual([a]);
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

    it('records many attempts of several subscriptions at once, capped; refuses a batch with a bad one', async () => {
      const cap = ctx.options.deliveryLogCap;
      const a = Array.from({ length: cap + 2 }, (_, i) => attempt('sub_a', i * 1000, { deadLettered: i % 2 === 1 }));
      const b = attempt('sub_b', 0);
      await ctx.store.deliveries.recordMany([b, ...a]);
      expect((await allPages((p) => ctx.store.deliveries.list('sub_a', p), 3)).items).toEqual(a.slice(2).reverse());
      expect(
        (await allPages((p) => ctx.store.deliveries.list('sub_a', { ...p, deadLetteredOnly: true }), 3)).items,
      ).toEqual(
        a
          .slice(2)
          .reverse()
          .filter((x) => x.deadLettered),
      );
      expect((await ctx.store.deliveries.list('sub_b')).items).toEqual([b]);
      const c = attempt('sub_c', 0);
      expect(
        await rejection(ctx.store.deliveries.recordMany([c, { ...attempt('sub_c', 1), attempt: 0 }])),
      ).toMatchObject({ code: 'SMSFLEET_ERR_VALIDATION', field: 'attempt.attempt' });
      expect((await ctx.store.deliveries.list('sub_c')).items).toEqual([]);
      await ctx.store.deliveries.recordMany([]);
    });
  });
}
