import { type ContractContext, rejection } from '../contract/fixtures';

/** The bindings part of the Store contract (see store/contract.ts). */
export function bindingsContract(ctx: ContractContext): void {
  describe('bindings', () => {
    it('binds once: the first writer wins and later claims get its value', async () => {
      expect(await ctx.store.bindings.claim('slack:T1:C1', '+14155550123', '1700.1')).toEqual({
        value: '1700.1',
        created: true,
      });
      expect(await ctx.store.bindings.claim('slack:T1:C1', '+14155550123', '1700.2')).toEqual({
        value: '1700.1',
        created: false,
      });
      expect(await ctx.store.bindings.get('slack:T1:C1', '+14155550123')).toBe('1700.1');
      expect(await ctx.store.bindings.get('slack:T1:C2', '+14155550123')).toBeUndefined();
    });

    it('has exactly one winner among concurrent claims', async () => {
      const r = await Promise.all(Array.from({ length: 20 }, (_, i) => ctx.store.bindings.claim('ns', 'k', `v${i}`)));
      expect(r.filter((x) => x.created)).toHaveLength(1);
      expect(new Set(r.map((x) => x.value)).size).toBe(1);
    });

    it('lets a claim with a ttl expire', async () => {
      // The ttl runs on the store's real clock: long enough that a loaded machine still makes the second claim
      // inside it, then wait for the expiry itself rather than a fixed sleep.
      const ttl = 1_500;
      expect((await ctx.store.bindings.claim('dedupe', 'evt1', '1', ttl)).created).toBe(true);
      expect((await ctx.store.bindings.claim('dedupe', 'evt1', '1', ttl)).created).toBe(false);
      const giveUp = Date.now() + 30_000;
      while ((await ctx.store.bindings.get('dedupe', 'evt1')) !== undefined && Date.now() < giveUp)
        await new Promise((r) => setTimeout(r, 50));
      expect(await ctx.store.bindings.get('dedupe', 'evt1')).toBeUndefined();
      expect((await ctx.store.bindings.claim('dedupe', 'evt1', '1', ttl)).created).toBe(true);
    });

    it('refuses bad names and values, naming the field', async () => {
      expect(await rejection(ctx.store.bindings.claim('bad ns', 'k', 'v'))).toMatchObject({
        code: 'SMSFLEET_ERR_VALIDATION',
        field: 'namespace',
      });
      expect(await rejection(ctx.store.bindings.claim('ns', '{k}', 'v'))).toMatchObject({ field: 'key' });
      expect(await rejection(ctx.store.bindings.claim('ns', 'k', ''))).toMatchObject({ field: 'value' });
      expect(await rejection(ctx.store.bindings.get('ns', ''))).toMatchObject({ field: 'key' });
    });
  });
}
