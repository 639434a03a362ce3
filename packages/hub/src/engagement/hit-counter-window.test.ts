import { createMemoryStore, systemClock, type Clock, type OutboundEvent } from '@smsfleet/core';
import { ClickTracker } from './clicks';
import { IPHONE, storeLinkedMessage } from './engagement-rig';
import { HitCounter } from './hit-counter';

const NOW = Date.now();
/** A small window, so that a flood is three hits. */
const WINDOW = { quietMs: 7, busyMs: 70, busyHits: 3 };

describe('hit counter coalescing window', () => {
  it('waits the long window after a flood and the short one after a quiet round', async () => {
    const store = createMemoryStore();
    const { link } = await storeLinkedMessage(store, 'WindowCode0001', NOW);
    // The windows' waits are recorded and end at once; any other sleep (the loop's idle wait) is the real one.
    const waits: number[] = [];
    const clock: Clock = {
      now: () => Date.now(),
      sleep: (ms, signal) => {
        if (ms !== WINDOW.quietMs && ms !== WINDOW.busyMs) return systemClock.sleep(ms, signal);
        waits.push(ms);
        return Promise.resolve();
      },
    };
    const events: OutboundEvent[] = [];
    let announced: (() => void) | undefined;
    const counted = (n: number) =>
      new Promise<void>((resolve) => {
        announced = () => events.length >= n && resolve();
        announced();
      });
    const publisher = {
      publish: async (e: OutboundEvent) => {
        events.push(e);
        announced?.();
        return { eventId: e.id, subscriptionIds: [] };
      },
    };
    const counter = new HitCounter({ store, publisher, clock, coalesce: WINDOW });
    const tracker = new ClickTracker({ store, onLogged: (code, l) => counter.wake(code, l) });
    const click = (n: number) =>
      tracker.visit(link.code, { method: 'GET', userAgent: IPHONE, ip: `203.0.113.${n}` }, new Date(NOW + n));
    // A flood before the loop starts: its first round (a sweep of every partition) counts all three at once.
    for (const n of [1, 2, 3]) await click(n);
    counter.start();
    try {
      await counted(3);
      await click(4); // after a round of three hits: the long wait
      await counted(4);
      await click(5); // after a round of one: the short one
      await counted(5);
      expect(waits).toEqual([WINDOW.busyMs, WINDOW.quietMs]);
    } finally {
      await counter.stop();
      await store.close();
    }
  });
});
