import { systemClock, type Message, type OutboundEvent, type ShortLink, type Store } from '@smsfleet/core';
import { createFaultStore, type FaultMode } from '@smsfleet/core/testing';
import { storeCases } from '../testing/stores';
import { ClickTracker } from './clicks';
import { IPHONE, storeLinkedMessage } from './engagement-rig';
import { HitCounter } from './hit-counter';

const BOT = 'facebookexternalhit/1.1 Facebot Twitterbot/1.0';
const NOW = Date.now();
const iso = (ms: number) => new Date(NOW + ms).toISOString();

/** A queued message of campaign `bf` with one tracked link, stored. */
function messageWithLink(store: Store, n: number): Promise<{ m: Message; link: ShortLink }> {
  const code = `Crash${String(n).padStart(7, '0')}`;
  return storeLinkedMessage(store, code, NOW, {
    message: { status: 'queued', attempts: 0, campaign: 'bf' },
    link: { id: `lnk_crash${n}` },
  });
}

/** A publisher that records what it is asked to publish. */
function recorder() {
  const events: OutboundEvent[] = [];
  return {
    events,
    publisher: {
      publish: async (e: OutboundEvent) => {
        events.push(e);
        return { eventId: e.id, subscriptionIds: [] };
      },
    },
  };
}

let seq = 0;

describe.each(storeCases().map((s) => [s.name, s] as const))('hit counter (%s store)', (_name, sc) => {
  let a: Store;
  let b: Store;
  beforeEach(async () => {
    [a, b] = (await sc.createShared(2)) as [Store, Store];
  });
  afterEach(async () => {
    await a.close();
    if (b !== a) await b.close();
  });

  it('announces each click once when a drain overlaps the batch under way', async () => {
    const { link } = await messageWithLink(a, seq++);
    const tracker = new ClickTracker({ store: a });
    for (const ip of ['203.0.113.1', '203.0.113.2', '203.0.113.3'])
      await tracker.visit(link.code, { method: 'GET', userAgent: IPHONE, ip }, new Date(NOW + 1000));
    const live = recorder();
    const counter = new HitCounter({ store: a, publisher: live.publisher, clock: systemClock });
    // The loop's batch and a test's (or an operator's) drain, at once, on the partition holding the hits.
    const all = [...Array(a.links.hitPartitions).keys()];
    const owner = (await Promise.all(all.map(async (q) => ((await a.links.pendingHits(q, 1)).length ? q : -1)))).find(
      (q) => q >= 0,
    )!;
    expect(owner).toBeGreaterThanOrEqual(0);
    const [x, y] = await Promise.all([counter.drainBatch(owner), counter.drainBatch(owner)]);
    expect(x + y).toBe(3);
    expect(live.events).toHaveLength(3);
    expect(new Set(live.events.map((e) => e.id)).size).toBe(3);
  });

  it.each<[string, FaultMode]>([
    ['links.countHits', 'fail-after'],
    ['messages.update', 'fail-after'],
    ['links.markAnnounced', 'throw-before'],
    ['links.markAnnounced', 'fail-after'],
    ['links.ackHits', 'throw-before'],
    ['links.ackHits', 'fail-after'],
  ])(
    'counts and announces every click once when the counter dies at %s (%s) and another one takes over',
    async (label, mode) => {
      const { m, link } = await messageWithLink(a, seq++);
      const tracker = new ClickTracker({ store: a });
      const visits = [
        [IPHONE, '203.0.113.1'],
        [IPHONE, '203.0.113.1'],
        [BOT, '203.0.113.2'],
        [IPHONE, '198.51.100.3'],
      ] as const;
      for (const [ua, ip] of visits) {
        const r = await tracker.visit(link.code, { method: 'GET', userAgent: ua, ip }, new Date(NOW + 1000));
        expect(r).toEqual({ kind: 'redirect', url: link.url });
      }
      // The first counter dies at the armed step (as a kill -9 there would leave the store): it never acks.
      const faults = createFaultStore(a);
      faults.arm({ label, occurrence: 1, mode });
      const dead = recorder();
      const first = new HitCounter({ store: faults.store, publisher: dead.publisher, clock: systemClock });
      await expect(first.drain()).rejects.toMatchObject({ code: 'SMSFLEET_ERR_STORE' });
      expect(faults.fired?.label).toBe(label);

      // Another hub's counter, on its own connection to the same store, finishes the work.
      const live = recorder();
      const second = new HitCounter({ store: b, publisher: live.publisher, clock: systemClock });
      await second.drain();
      expect(await second.drain()).toBe(0);

      expect(await b.links.stats(link.code)).toEqual({ total: 3, unique: 2, bots: 1 });
      expect((await b.messages.get(m.id))!.engagement).toMatchObject({ clicks: 3, uniqueClicks: 2, botHits: 1 });
      const all = [...dead.events, ...live.events];
      // One link.clicked per click (none for the bot), the same id whichever counter published it.
      const ids = new Set(all.map((e) => e.id));
      expect(ids.size).toBe(3);
      expect(all.every((e) => e.type === 'link.clicked' && e.data.linkId === link.id)).toBe(true);
      expect(all.filter((e) => e.type === 'link.clicked' && e.data.firstClick).map((e) => e.id)).toEqual(
        expect.arrayContaining([all[0]!.id]),
      );
      // Published twice only where the crash fell between the publish and its mark (the id makes it one event).
      if (label !== 'links.markAnnounced') expect(all).toHaveLength(3);
    },
  );

  it('counts bots apart and announces only clicks', async () => {
    const { m, link } = await messageWithLink(a, seq++);
    const tracker = new ClickTracker({ store: a });
    for (const ua of [BOT, 'WhatsApp/2.23.20.0 A', IPHONE])
      await tracker.visit(link.code, { method: 'GET', userAgent: ua, ip: '203.0.113.7' }, new Date(NOW));
    await tracker.visit(link.code, { method: 'HEAD', userAgent: IPHONE, ip: '203.0.113.7' }, new Date(NOW));
    const rec = recorder();
    await new HitCounter({ store: a, publisher: rec.publisher, clock: systemClock }).drain();
    expect(await a.links.stats(link.code)).toEqual({ total: 1, unique: 1, bots: 3 });
    expect((await a.messages.get(m.id))!.engagement).toMatchObject({ clicks: 1, botHits: 3, firstClickAt: iso(0) });
    expect(rec.events).toHaveLength(1);
    expect(rec.events[0]).toMatchObject({ type: 'link.clicked', data: { firstClick: true, campaign: 'bf' } });
  });

  it('answers an unknown code without logging anything', async () => {
    const tracker = new ClickTracker({ store: a });
    expect(await tracker.visit('Unknown00000', { method: 'GET', userAgent: IPHONE }, new Date(NOW))).toEqual({
      kind: 'not_found',
    });
    expect(await new HitCounter({ store: a, publisher: recorder().publisher, clock: systemClock }).drain()).toBe(0);
  });
});

describe.each(storeCases().map((s) => [s.name, s] as const))('hit counter link cache (%s store)', (_name, sc) => {
  it('counts with the link the redirect resolved, without reading it again', async () => {
    const [a] = (await sc.createShared(1)) as [Store];
    try {
      const { m, link } = await messageWithLink(a, seq++);
      const reads: string[] = [];
      // The store as the counter sees it: every link read is noted.
      const links = Object.assign(Object.create(a.links) as Store['links'], {
        get: (code: string) => {
          reads.push(code);
          return a.links.get(code);
        },
      });
      const rec = recorder();
      const counter = new HitCounter({ store: { ...a, links } as Store, publisher: rec.publisher, clock: systemClock });
      const tracker = new ClickTracker({ store: a, onLogged: (code, l) => counter.wake(code, l) });
      for (const ip of ['203.0.113.1', '198.51.100.2'])
        await tracker.visit(link.code, { method: 'GET', userAgent: IPHONE, ip }, new Date(NOW));
      expect(await counter.drain()).toBe(2);
      expect(reads).toEqual([]);
      expect((await a.messages.get(m.id))!.engagement).toMatchObject({ clicks: 2, uniqueClicks: 2 });
      expect(rec.events.map((e) => e.type)).toEqual(['link.clicked', 'link.clicked']);
      // A hit another hub logged (this one never resolved the link) is counted after a read.
      await new ClickTracker({ store: a }).visit(link.code, { method: 'GET', userAgent: IPHONE }, new Date(NOW));
      const other = new HitCounter({ store: { ...a, links } as Store, publisher: rec.publisher, clock: systemClock });
      expect(await other.drain()).toBe(1);
      expect(reads).toEqual([link.code]);
    } finally {
      await a.close();
    }
  });
});
