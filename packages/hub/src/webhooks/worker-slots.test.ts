import { createMemoryStore, type DeliveryAttempt, type Store } from '@smsfleet/core';
import { ManualClock, startReceiver, testConfig, type WebhookReceiver } from '../testing';
import { EventPublisher } from './publisher';
import { statusEvent } from './test-rig';
import { WEBHOOK_QUEUE } from './metrics';
import { WebhookDeliveryWorker } from './worker';

/** One healthy subscription to status changes, posting to `url`. */
function subscribe(store: Store, clock: ManualClock, url: string): Promise<void> {
  return store.subscriptions.create({
    id: 'sub_1',
    url,
    events: ['message.status_changed'],
    secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    createdAt: new Date(clock.now()).toISOString(),
    failing: false,
    consecutiveFailures: 0,
  });
}

describe('webhook worker slots', () => {
  let store: Store;
  let receiver: WebhookReceiver;
  let worker: WebhookDeliveryWorker;
  let release: () => void = () => undefined;
  afterEach(async () => {
    release(); // a failed test must not leave the worker's stop waiting on the held write
    await worker?.stop();
    await receiver?.close();
    await store?.close();
  });

  it('frees a slot once the POST is answered, before the attempt is recorded and the job acked', async () => {
    store = createMemoryStore();
    receiver = await startReceiver();
    const clock = new ManualClock();
    // The log's writes wait until released: a slot held until the ack would keep the second POST from leaving.
    const released = new Promise<void>((r) => {
      release = r;
    });
    const recordMany = store.deliveries.recordMany.bind(store.deliveries);
    const written: DeliveryAttempt[] = [];
    store.deliveries.recordMany = async (as) => {
      await released;
      written.push(...as);
      await recordMany(as);
    };
    await subscribe(store, clock, receiver.url);
    const publisher = new EventPublisher({ store, clock });
    const settings = { ...testConfig().webhooks, concurrency: 1 };
    worker = new WebhookDeliveryWorker({ store, clock, publisher, settings });
    await publisher.publish(statusEvent('sent'));
    await publisher.publish(statusEvent('delivered'));
    worker.start();
    await receiver.waitFor(2, 10_000); // both POSTs left with one slot, the first one's record still held
    expect(written).toHaveLength(0);
    expect(await store.queue.size(WEBHOOK_QUEUE)).toBe(2); // nothing acked before its attempt is recorded
    release();
    await worker.stop();
    expect(written).toHaveLength(2);
    expect(await store.queue.size(WEBHOOK_QUEUE)).toBe(0);
  });

  it('claims again when slots freed while it claimed, instead of sleeping as if full', async () => {
    store = createMemoryStore();
    // A clock that never moves: a worker that believed itself full would sleep its safety poll for ever.
    const clock = new ManualClock();
    const posts: { body: string; answer: () => void }[] = [];
    const fetchHeld = ((_: unknown, init?: { body?: unknown }) =>
      new Promise<Response>((resolve) => {
        posts.push({ body: String(init?.body), answer: () => resolve(new Response(null, { status: 204 })) });
      })) as typeof fetch;
    let claims = 0;
    let claimHeld: Promise<void> | undefined;
    const claim = store.queue.claim.bind(store.queue);
    store.queue.claim = (async (...a: Parameters<typeof claim>) => {
      if (++claims === 2) await claimHeld; // the round after the first slot freed
      return claim(...a);
    }) as typeof claim;
    await subscribe(store, clock, 'http://127.0.0.1:9/hook');
    const publisher = new EventPublisher({ store, clock });
    const settings = { ...testConfig().webhooks, concurrency: 2 };
    worker = new WebhookDeliveryWorker({ store, clock, publisher, settings, fetch: fetchHeld });
    const until = async (what: () => boolean) => {
      for (const end = Date.now() + 10_000; !what(); await new Promise((r) => setTimeout(r, 5)))
        if (Date.now() > end) throw new Error(`timed out with ${posts.length} POSTs, ${claims} claims`);
    };
    await publisher.publish(statusEvent('sent'));
    await publisher.publish(statusEvent('delivered'));
    worker.start();
    await until(() => posts.length === 2); // both slots taken
    await publisher.publish(statusEvent('sent'));
    await publisher.publish(statusEvent('delivered'));
    let releaseClaim!: () => void;
    claimHeld = new Promise((r) => {
      releaseClaim = r;
    });
    posts[0]!.answer(); // a slot frees: the worker claims one job ...
    await until(() => claims === 2);
    posts[1]!.answer(); // ... and while that claim is under way, the other slot frees too
    await new Promise((r) => setTimeout(r, 50));
    releaseClaim();
    // Both queued events go out: the round saw a slot still free after its claim and claimed again.
    try {
      await until(() => posts.length === 4);
    } finally {
      for (const p of posts) p.answer(); // a held POST would keep the worker's stop waiting
    }
  });
});
