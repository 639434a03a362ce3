import { createMemoryStore, type Store } from '@smsfleet/core';
import { ManualClock, startReceiver, testConfig, type WebhookReceiver } from '../testing';
import { EventPublisher } from './publisher';
import { statusEvent } from './test-rig';
import { WEBHOOK_QUEUE } from './metrics';
import { WebhookDeliveryWorker } from './worker';

const until = async (what: () => boolean | Promise<boolean>) => {
  for (const end = Date.now() + 10_000; !(await what()); await new Promise((r) => setTimeout(r, 5)))
    if (Date.now() > end) throw new Error('timed out');
};

describe('webhook deliveries handed to the local worker', () => {
  let store: Store;
  let receiver: WebhookReceiver;
  let worker: WebhookDeliveryWorker | undefined;
  afterEach(async () => {
    await worker?.stop();
    await receiver?.close();
    await store?.close();
  });

  it('delivers what this hub publishes without a claim while a slot is free, and queues the rest', async () => {
    store = createMemoryStore();
    receiver = await startReceiver();
    const clock = new ManualClock();
    let claims = 0;
    const claim = store.queue.claim.bind(store.queue);
    store.queue.claim = ((...a: Parameters<typeof claim>) => {
      claims++;
      return claim(...a);
    }) as typeof claim;
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    await store.subscriptions.create({
      id: 'sub_1',
      url: receiver.url,
      events: ['message.status_changed'],
      secret,
      createdAt: new Date(clock.now()).toISOString(),
      failing: false,
      consecutiveFailures: 0,
    });
    receiver.setSecret(secret);
    const publisher = new EventPublisher({ store, clock });
    const settings = { ...testConfig().webhooks, concurrency: 2 };
    worker = new WebhookDeliveryWorker({ store, clock, publisher, settings });
    worker.start();
    await until(() => claims > 0); // the loop's first round
    await new Promise((r) => setTimeout(r, 20));
    const before = claims;
    for (let i = 1; i <= 3; i++) {
      await publisher.publish(statusEvent('delivered'));
      await receiver.waitFor(i, 10_000);
      await until(async () => (await store.queue.size(WEBHOOK_QUEUE)) === 0); // recorded and acked
    }
    expect(claims).toBe(before);
    expect((await store.deliveries.list('sub_1', { limit: 10 })).items.map((a) => a.ok)).toEqual([true, true, true]);
    // Once stopped, a publish leaves its delivery waiting in the queue for a claim.
    await worker.stop();
    worker = undefined;
    await publisher.publish(statusEvent('sent'));
    expect(await store.queue.size(WEBHOOK_QUEUE)).toBe(1);
    expect(await store.queue.claim(WEBHOOK_QUEUE, clock.now(), 5, 1000)).toHaveLength(1);
  });
});
