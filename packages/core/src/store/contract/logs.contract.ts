import {
  allPages,
  attempt,
  type ContractContext,
  event,
  inbound,
  iso,
  message,
  rejection,
  subscription,
  T0,
} from './fixtures';

/** Contract: delivery log, counters, dedupe, purge of expired personal data. */
export function logContract(ctx: ContractContext): void {
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

  describe('purgeExpired', () => {
    it('deletes expired messages with events, links and index entries, and expired inbound; keeps the rest', async () => {
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
