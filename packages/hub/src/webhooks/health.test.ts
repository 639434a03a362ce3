import { createMemoryStore, type Subscription } from '@smsfleet/core';
import { SubscriptionHealth } from './health';
import { EventPublisher } from './publisher';

const clock = { now: () => Date.parse('2026-12-07T12:00:00Z'), sleep: async () => undefined };
const quiet = { info: () => undefined, warn: () => undefined };

function sub(): Subscription {
  return {
    id: 'sub_1',
    url: 'https://hooks.example.com/sms',
    events: ['message.status_changed'],
    secret: `whsec_${Buffer.alloc(32, 7).toString('base64')}`,
    createdAt: new Date(clock.now()).toISOString(),
    consecutiveFailures: 0,
    failing: false,
  } as Subscription;
}

describe('subscription health', () => {
  it('resets a run of failures on success when the delivery read the subscription before they were noted', async () => {
    const store = createMemoryStore();
    const health = new SubscriptionHealth({
      store,
      clock,
      publisher: new EventPublisher({ store, clock }),
      settings: { alarmAfter: 5, disableAfterFailures: 0, disableAfterMs: 0 },
      logger: quiet,
    });
    const s = sub();
    await store.subscriptions.create(s);
    const readForRetry = (await store.subscriptions.get(s.id))!; // a snapshot from before the failure
    await health.noteFailure(s.id, 'HTTP 500');
    expect((await store.subscriptions.get(s.id))?.consecutiveFailures).toBe(1);
    await health.noteSuccess(readForRetry);
    expect((await store.subscriptions.get(s.id))?.consecutiveFailures).toBe(0);
    // Once written, a success on a healthy subscription writes nothing.
    const writes = jest.spyOn(store.subscriptions, 'update');
    await health.noteSuccess((await store.subscriptions.get(s.id))!);
    expect(writes).not.toHaveBeenCalled();
  });
});
