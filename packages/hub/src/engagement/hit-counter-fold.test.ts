import { hitPartition, systemClock, type OutboundEvent, type ShortLink, type Store } from '@smsfleet/core';
import { createFaultStore, type FaultMode } from '@smsfleet/core/testing';
import { storeCases } from '../testing/stores';
import { ClickTracker } from './clicks';
import { IPHONE, storeLinkedMessage } from './engagement-rig';
import { HitCounter } from './hit-counter';

const BOT = 'facebookexternalhit/1.1 Facebot Twitterbot/1.0';
const NOW = Date.now();
const iso = (ms: number) => new Date(NOW + ms).toISOString();

/** `n` codes that share one hit-log partition (so their hits are counted in one batch), none used before. */
let next = 0;
function codesInOnePartition(n: number): string[] {
  const codes: string[] = [];
  let p: number | undefined;
  while (codes.length < n) {
    const code = `Fold${String(next++).padStart(8, '0')}`;
    p ??= hitPartition(code);
    if (hitPartition(code) === p) codes.push(code);
  }
  return codes;
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

/** A message with three tracked links in one partition, and clicks on all of them (and a bot), logged. */
async function clickedMessage(store: Store) {
  const [c1, c2, c3] = codesInOnePartition(3) as [string, string, string];
  const { m, link } = await storeLinkedMessage(store, c1, NOW, {
    message: { campaign: 'bf', engagement: { links: 3, clicks: 0, uniqueClicks: 0, botHits: 0, replies: 0 } },
  });
  const others: ShortLink[] = [c2, c3].map((code) => ({ ...link, code, id: `lnk_${code}` }));
  await store.links.create(others);
  const tracker = new ClickTracker({ store });
  // Logged in this order; the earliest click (the message's first) is on the second link.
  const visits: [string, string, string, number][] = [
    [c1, IPHONE, '203.0.113.1', 3000],
    [c1, IPHONE, '198.51.100.2', 4000], // another /24: another visitor (addresses are anonymised)
    [c2, IPHONE, '203.0.113.1', 1000],
    [c3, BOT, '203.0.113.9', 500],
    [c3, IPHONE, '192.0.2.3', 2000],
  ];
  for (const [code, ua, ip, at] of visits)
    expect(await tracker.visit(code, { method: 'GET', userAgent: ua, ip }, new Date(NOW + at))).toMatchObject({
      kind: 'redirect',
    });
  return { m, codes: [c1, c2, c3] };
}

describe.each(storeCases().map((s) => [s.name, s] as const))(
  'hit counter, links of one message (%s store)',
  (_name, sc) => {
    let a: Store;
    let b: Store;
    beforeEach(async () => {
      [a, b] = (await sc.createShared(2)) as [Store, Store];
    });
    afterEach(async () => {
      await a.close();
      if (b !== a) await b.close();
    });

    it('credits all its links of a batch in one update and one roll-up record, each click once', async () => {
      const { m, codes } = await clickedMessage(a);
      const calls = { update: 0, record: 0 };
      const store = {
        ...a,
        messages: Object.assign(Object.create(a.messages) as Store['messages'], {
          update: (...args: Parameters<Store['messages']['update']>) => {
            calls.update++;
            return a.messages.update(...args);
          },
        }),
        rollups: Object.assign(Object.create(a.rollups) as Store['rollups'], {
          record: (...args: Parameters<Store['rollups']['record']>) => {
            calls.record++;
            return a.rollups.record(...args);
          },
        }),
      } as Store;
      const rec = recorder();
      expect(await new HitCounter({ store, publisher: rec.publisher, clock: systemClock }).drain()).toBe(5);
      expect(calls).toEqual({ update: 1, record: 1 });
      const e = (await a.messages.get(m.id))!.engagement!;
      expect(e).toMatchObject({ clicks: 4, uniqueClicks: 4, botHits: 1, firstClickAt: iso(1000) });
      expect(e.linkCounts).toEqual({
        [codes[0]!]: { total: 2, unique: 2, bots: 0 },
        [codes[1]!]: { total: 1, unique: 1, bots: 0 },
        [codes[2]!]: { total: 1, unique: 1, bots: 1 },
      });
      expect(rec.events).toHaveLength(4);
      expect(new Set(rec.events.map((ev) => ev.id)).size).toBe(4);
      expect(rec.events.every((ev) => ev.type === 'link.clicked' && ev.data.campaign === 'bf')).toBe(true);
    });

    it.each<[string, FaultMode]>([
      ['messages.update', 'fail-after'],
      ['rollups.record', 'throw-before'],
      ['links.markAnnounced', 'fail-after'],
    ])('counts and announces each click once when the counter dies at %s (%s) mid-batch', async (label, mode) => {
      const { m } = await clickedMessage(a);
      const faults = createFaultStore(a);
      faults.arm({ label, occurrence: 1, mode });
      const dead = recorder();
      await expect(
        new HitCounter({ store: faults.store, publisher: dead.publisher, clock: systemClock }).drain(),
      ).rejects.toMatchObject({ code: 'SMSFLEET_ERR_STORE' });
      expect(faults.fired?.label).toBe(label);
      const live = recorder();
      const second = new HitCounter({ store: b, publisher: live.publisher, clock: systemClock });
      expect(await second.drain()).toBe(5);
      expect(await second.drain()).toBe(0);
      expect((await b.messages.get(m.id))!.engagement).toMatchObject({ clicks: 4, uniqueClicks: 4, botHits: 1 });
      // One event per click, whichever counter published it (the id makes a repeat one event).
      expect(new Set([...dead.events, ...live.events].map((ev) => ev.id)).size).toBe(4);
      if (label !== 'links.markAnnounced') expect([...dead.events, ...live.events]).toHaveLength(4);
    });
  },
);
