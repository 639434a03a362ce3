import { allPages, type ContractContext, inbound, iso, rejection, T0 } from '../contract/fixtures';

/** The inbound part of the Store contract (see store/contract.ts). */
export function inboundContract(ctx: ContractContext): void {
  describe('inbound', () => {
    it('adds, gets and lists newest first with filters and pages', async () => {
      const texts = Array.from({ length: 15 }, (_, i) =>
        inbound(i * 500, {
          from: i % 3 ? '+14155550199' : '+14155550100',
          deviceId: i % 2 ? 'dev_a' : 'dev_b',
        }),
      );
      for (const t of texts) await ctx.store.inbound.add(t);
      expect(await ctx.store.inbound.get(texts[3]!.id)).toEqual(texts[3]);
      expect(await ctx.store.inbound.get('in_unknown')).toBeUndefined();
      const byTime = [...texts].reverse();
      expect((await allPages((p) => ctx.store.inbound.list({}, p), 4)).items).toEqual(byTime);
      expect((await allPages((p) => ctx.store.inbound.list({ from: '+14155550100' }, p), 2)).items).toEqual(
        byTime.filter((t) => t.from === '+14155550100'),
      );
      expect(
        (
          await allPages(
            (p) =>
              ctx.store.inbound.list({ deviceId: 'dev_a', since: new Date(T0 + 1000), until: new Date(T0 + 5000) }, p),
            2,
          )
        ).items,
      ).toEqual(byTime.filter((t) => t.deviceId === 'dev_a' && t.receivedAt >= iso(1000) && t.receivedAt < iso(5000)));
    });

    it('replaces a text added again, refuses an invalid one, and returns copies', async () => {
      const t = inbound();
      await ctx.store.inbound.add(t);
      await ctx.store.inbound.add({ ...t, keyword: 'opt_out' });
      const listed = (await ctx.store.inbound.list({})).items;
      expect(listed).toEqual([{ ...t, keyword: 'opt_out' }]);
      listed[0]!.body = 'mutated';
      expect((await ctx.store.inbound.get(t.id))!.body).toBe(t.body);
      expect(await rejection(ctx.store.inbound.add({ ...inbound(1), from: 'nope' }))).toMatchObject({
        code: 'SMSFLEET_ERR_VALIDATION',
        field: 'sms.from',
      });
      expect((await ctx.store.inbound.list({})).items).toHaveLength(1);
    });
  });
}
