import { type ContractContext, event, inbound, iso, message, T0 } from '../contract/fixtures';

/** The purge part of the Store contract (see store/contract.ts). */
export function purgeContract(ctx: ContractContext): void {
  describe('purgeExpired', () => {
    it('keeps and purges every gateway id a message had, as its hand-over moves to another phone', async () => {
      const HOUR = 3600_000;
      const m = message(0, { retainUntil: iso(2 * HOUR) });
      await ctx.store.messages.create(m, [event(m, 'queued')]);
      const handOver = (gateway: 'sms-gate' | 'httpsms', id: string) =>
        ctx.store.messages.update(m.id, (c) => ({
          message: { ...c, status: 'pending', gateway, gatewayMessageId: id, from: { deviceId: id, sim: 1 } },
          events: [],
        }));
      await handOver('sms-gate', 'gw-a');
      await ctx.store.messages.linkGatewayId('sms-gate', 'gw-a', m.id);
      await ctx.store.messages.linkGatewayId('sms-gate', 'gw-a', m.id); // again: no second link
      await handOver('httpsms', 'gw-b'); // a retry on another phone
      await ctx.store.messages.linkGatewayId('httpsms', 'gw-b', m.id);
      expect(await ctx.store.messages.byGatewayId('sms-gate', 'gw-a')).toBe(m.id);
      expect(await ctx.store.messages.byGatewayId('httpsms', 'gw-b')).toBe(m.id);
      expect(await ctx.store.messages.get(m.id)).toMatchObject({
        gateway: 'httpsms',
        gatewayMessageId: 'gw-b',
        from: { deviceId: 'gw-b', sim: 1 },
      });
      expect(await ctx.store.purgeExpired(new Date(T0 + 3 * HOUR))).toMatchObject({ messages: 1 });
      expect(await ctx.store.messages.byGatewayId('sms-gate', 'gw-a')).toBeUndefined();
      expect(await ctx.store.messages.byGatewayId('httpsms', 'gw-b')).toBeUndefined();
    });

    it('deletes expired messages (with events, links, index entries) and expired inbound; keeps the rest', async () => {
      const HOUR = 3600_000;
      const old = message(0, { retainUntil: iso(2 * HOUR) });
      const fresh = message(1, { retainUntil: iso(5 * HOUR) });
      const forever = message(2);
      const extended = message(3, { retainUntil: iso(2 * HOUR) });
      for (const m of [old, fresh, forever, extended]) {
        await ctx.store.messages.create(m, [event(m, 'queued')]);
        await ctx.store.messages.linkGatewayId('sms-gate', `gw-${m.id}`, m.id);
        await ctx.store.messages.update(m.id, (c) => ({
          message: { ...c, status: 'sent' },
          events: [event(c, 'sent', 10), event(c, 'delivered', 20)],
        }));
      }
      // Retention can move: `extended` is kept, `fresh` becomes expired.
      await ctx.store.messages.update(extended.id, (c) => ({
        message: { ...c, retainUntil: iso(9 * HOUR) },
        events: [],
      }));
      await ctx.store.messages.update(fresh.id, (c) => ({
        message: { ...c, retainUntil: iso(2.5 * HOUR) },
        events: [],
      }));
      const oldIn = inbound(0, { retainUntil: iso(2 * HOUR) });
      const keptIn = inbound(1, { retainUntil: iso(5 * HOUR) });
      const plainIn = inbound(2);
      for (const t of [oldIn, keptIn, plainIn]) await ctx.store.inbound.add(t);

      expect(await ctx.store.purgeExpired(new Date(T0 + 3 * HOUR))).toEqual({ messages: 2, inbound: 1, links: 0 });
      for (const gone of [old, fresh]) {
        expect(await ctx.store.messages.get(gone.id)).toBeUndefined();
        expect(await ctx.store.messages.events(gone.id)).toEqual([]);
        expect(await ctx.store.messages.byGatewayId('sms-gate', `gw-${gone.id}`)).toBeUndefined();
      }
      expect((await ctx.store.messages.list({}, { limit: 10 })).items.map((m) => m.id)).toEqual([
        extended.id,
        forever.id,
      ]);
      expect(await ctx.store.messages.events(extended.id)).toHaveLength(3);
      expect(await ctx.store.messages.byGatewayId('sms-gate', `gw-${forever.id}`)).toBe(forever.id);
      expect(await ctx.store.inbound.get(oldIn.id)).toBeUndefined();
      expect((await ctx.store.inbound.list({})).items.map((t) => t.id)).toEqual([plainIn.id, keptIn.id]);
      expect(await ctx.store.purgeExpired(new Date(T0 + 3 * HOUR))).toEqual({ messages: 0, inbound: 0, links: 0 });
      expect(await ctx.store.purgeExpired(new Date(T0 + 10 * HOUR))).toEqual({ messages: 1, inbound: 1, links: 0 });
      expect((await ctx.store.messages.list({})).items.map((m) => m.id)).toEqual([forever.id]);
    });
  });
}
