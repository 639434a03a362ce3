import { systemClock, type OutboundEvent, type Store } from '@smsfleet/core';
import { createFaultStore } from '@smsfleet/core/testing';
import { storeCases } from '../testing/stores';
import { startTestHub } from '../testing/hub';
import { IPHONE, storeLinkedMessage } from './engagement-rig';
import { HitCounter } from './hit-counter';

const NOW = Date.now();
const LINKS = 5;
const CLICKS = 40;

/** A publisher that records what it is asked to publish. */
function recorder() {
  const events: OutboundEvent[] = [];
  const publisher = {
    publish: async (e: OutboundEvent) => {
      events.push(e);
      return { eventId: e.id, subscriptionIds: [] };
    },
  };
  return { events, publisher };
}

describe.each(storeCases().map((s) => [s.name, s] as const))('clicks across a crash (%s store)', (_name, sc) => {
  let stores: Store[];
  beforeEach(async () => {
    stores = await sc.createShared(3);
  });
  afterEach(async () => {
    for (const s of new Set(stores)) await s.close();
  });

  it('counts and announces every click answered 302 exactly once when the counter dies mid-batch', async () => {
    const [hubStore, dyingStore, liveStore] = stores as [Store, Store, Store];
    const linked = await Promise.all(
      Array.from({ length: LINKS }, (_, i) =>
        storeLinkedMessage(hubStore, `Crashed${String(i).padStart(5, '0')}`, NOW),
      ),
    );
    // The redirecting hub answers a burst of clicks (visits of one turn share their store steps), then is gone
    // before its counter ran: all that is left of the clicks is what the store step logged.
    const hub = await startTestHub({ store: hubStore });
    const base = await hub.app.listen({ host: '127.0.0.1', port: 0 });
    const answers = await Promise.all(
      Array.from({ length: CLICKS }, (_, i) =>
        fetch(`${base}/l/${linked[i % LINKS]!.link.code}`, {
          redirect: 'manual',
          headers: { 'user-agent': IPHONE },
        }),
      ),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(CLICKS).fill(302));
    await hub.app.close();

    // A counter dies after the first engagement update landed (a kill -9 between the update and the ack).
    const faults = createFaultStore(dyingStore);
    faults.arm({ label: 'messages.update', occurrence: 1, mode: 'fail-after' });
    const dead = recorder();
    // Killed, it publishes nothing more.
    const publisher = {
      publish: (e: OutboundEvent) => (faults.fired ? Promise.reject(new Error('killed')) : dead.publisher.publish(e)),
    };
    const first = new HitCounter({ store: faults.store, publisher, clock: systemClock });
    await expect(first.drain()).rejects.toMatchObject({ code: 'SMSFLEET_ERR_STORE' });
    expect(faults.fired?.label).toBe('messages.update');
    expect(faults.inFlight).toBe(0); // the failed batch settled all of its links before it failed

    // Another hub's counter finishes the work.
    const live = recorder();
    const second = new HitCounter({ store: liveStore, publisher: live.publisher, clock: systemClock });
    await second.drain();
    expect(await second.drain()).toBe(0);

    let clicks = 0;
    for (const { m } of linked) clicks += (await liveStore.messages.get(m.id))!.engagement!.clicks;
    expect(clicks).toBe(CLICKS);
    const all = [...dead.events, ...live.events];
    expect(all).toHaveLength(CLICKS);
    expect(new Set(all.map((e) => e.id)).size).toBe(CLICKS);
  });
});
