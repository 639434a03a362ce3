import { type ContractContext, iso, rejection, subscription } from '../contract/fixtures';

/** The subscriptions part of the Store contract (see store/contract.ts). */
export function subscriptionsContract(ctx: ContractContext): void {
  describe('subscriptions', () => {
    it('creates, refuses a duplicate id, lists, updates and deletes', async () => {
      await ctx.store.subscriptions.create(subscription('sub_b'));
      await ctx.store.subscriptions.create(subscription('sub_a'));
      expect(
        await rejection(ctx.store.subscriptions.create(subscription('sub_a', { url: 'https://other.example.com/' }))),
      ).toMatchObject({ code: 'SMSFLEET_ERR_VALIDATION', field: 'subscription.id' });
      expect((await ctx.store.subscriptions.list()).map((s) => [s.id, s.url])).toEqual([
        ['sub_a', 'https://example.com/hooks/sms'],
        ['sub_b', 'https://example.com/hooks/sms'],
      ]);
      await Promise.all(
        Array.from({ length: 15 }, () =>
          ctx.store.subscriptions.update('sub_a', (s) => ({
            ...s,
            consecutiveFailures: s.consecutiveFailures + 1,
            failing: true,
          })),
        ),
      );
      expect(await ctx.store.subscriptions.get('sub_a')).toMatchObject({ consecutiveFailures: 15, failing: true });
      expect(await ctx.store.subscriptions.update('sub_x', (s) => s)).toBeUndefined();
      const disabled = {
        failingSince: '2026-11-23T10:00:00.000Z',
        disabledAt: '2026-11-24T10:00:00.000Z',
        disabledReason: '20 failed attempts in a row',
      };
      await ctx.store.subscriptions.update('sub_b', (s) => ({ ...s, ...disabled }));
      expect(await ctx.store.subscriptions.get('sub_b')).toMatchObject(disabled);
      expect((await ctx.store.subscriptions.list()).find((s) => s.id === 'sub_b')).toMatchObject(disabled);
      await ctx.store.subscriptions.update('sub_b', ({ disabledAt: _a, disabledReason: _r, ...s }) => s);
      expect(await ctx.store.subscriptions.get('sub_b')).not.toHaveProperty('disabledAt');
      expect(await ctx.store.subscriptions.delete('sub_a')).toBe(true);
      expect(await ctx.store.subscriptions.delete('sub_a')).toBe(false);
      expect((await ctx.store.subscriptions.list()).map((s) => s.id)).toEqual(['sub_b']);
    });

    it('lists what was written last, and a listed record changed by its reader changes nothing stored', async () => {
      await ctx.store.subscriptions.create(subscription('sub_a'));
      const listed = await ctx.store.subscriptions.list();
      try {
        listed[0]!.events.push('sms.received');
        listed[0]!.url = 'https://changed.example.com/';
      } catch {
        /* records may be frozen */
      }
      listed.pop();
      expect(await ctx.store.subscriptions.list()).toEqual([subscription('sub_a')]);
      await ctx.store.subscriptions.update('sub_a', (s) => ({ ...s, failing: true }));
      expect((await ctx.store.subscriptions.list())[0]).toMatchObject({ failing: true });
      await ctx.store.subscriptions.create(subscription('sub_0'));
      expect((await ctx.store.subscriptions.list()).map((s) => s.id)).toEqual(['sub_0', 'sub_a']);
      await ctx.store.subscriptions.delete('sub_0');
      expect((await ctx.store.subscriptions.list()).map((s) => s.id)).toEqual(['sub_a']);
    });

    it('snapshots reflect every write made through the store at once, even one racing a snapshot read', async () => {
      const subs = ctx.store.subscriptions;
      expect(await subs.snapshot()).toEqual([]);
      await subs.create(subscription('sub_b'));
      expect((await subs.snapshot()).map((s) => s.id)).toEqual(['sub_b']);
      // A snapshot read sent before a create: the create's caller must not be handed that older list afterwards.
      const racing = subs.snapshot();
      await subs.create(subscription('sub_a'));
      expect((await subs.snapshot()).map((s) => s.id)).toEqual(['sub_a', 'sub_b']);
      await racing;
      const cached = await subs.snapshot();
      expect(Object.isFrozen(cached[0])).toBe(true);
      expect(() => (cached[0]!.events as string[]).push('sms.received')).toThrow();
      await subs.update('sub_a', (s) => ({ ...s, disabledAt: iso(), disabledReason: 'test' }));
      expect((await subs.snapshot())[0]).toMatchObject({ id: 'sub_a', disabledReason: 'test' });
      const racingDelete = subs.snapshot();
      await subs.delete('sub_b');
      expect((await subs.snapshot()).map((s) => s.id)).toEqual(['sub_a']);
      await racingDelete;
      expect((await subs.snapshot()).map((s) => s.id)).toEqual(['sub_a']);
      expect(await subs.list()).toEqual(await subs.snapshot());
    });
  });
}
