import { createMemoryStore, type DeliveryAttempt, type Store } from '@smsfleet/core';
import { ManualClock, startReceiver, testConfig, type WebhookReceiver } from '../testing';
import { EventPublisher } from './publisher';
import { statusEvent } from './test-rig';
import { WEBHOOK_QUEUE } from './metrics';
import { WebhookDeliveryWorker } from './worker';

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
    await store.subscriptions.create({
      id: 'sub_1',
      url: receiver.url,
      events: ['message.status_changed'],
      secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      createdAt: new Date(clock.now()).toISOString(),
      failing: false,
      consecutiveFailures: 0,
    });
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
});
