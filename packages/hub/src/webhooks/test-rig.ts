import {
  newId,
  type DeliveryAttempt,
  type MessageStatus,
  type OutboundEvent,
  type Store,
  type Subscription,
} from '@smsfleet/core';
import {
  ManualClock,
  startReceiver,
  startTestHub,
  type StoreCase,
  type TestHub,
  type WebhookReceiver,
} from '../testing';

/** A status event for a made-up message, for publishing in tests. */
export function statusEvent(status: MessageStatus, at = new Date()): OutboundEvent {
  return {
    id: newId('evt', at),
    type: 'message.status_changed',
    timestamp: at.toISOString(),
    data: {
      messageId: newId('msg', at),
      to: '+14155550123',
      status,
      previousStatus: 'sent',
      segments: 1,
      at: at.toISOString(),
      reference: 'order-1042',
    },
  };
}

/**
 * The webhook worker tests' rig (it uses jest globals): per test a fresh store of `storeCase`, a manual clock, a
 * test hub, and helpers to start receivers, subscribe them, publish and read the delivery log and metrics.
 */
export function useWebhookRig(storeCase: StoreCase) {
  let store: Store;
  let clock: ManualClock;
  let hub: TestHub;
  const receivers: WebhookReceiver[] = [];

  beforeEach(async () => {
    store = await storeCase.create();
    clock = new ManualClock();
    hub = await startTestHub({ store, clock });
  });
  afterEach(async () => {
    await hub.close();
    await Promise.all(receivers.splice(0).map((r) => r.close()));
    await store.close();
  });

  async function receiver(answer?: (n: number) => number | 'hang'): Promise<WebhookReceiver> {
    const r = await startReceiver(answer);
    receivers.push(r);
    return r;
  }

  /** Subscribe `r` through the API and let it verify signatures with the returned secret. */
  async function subscribe(
    r: WebhookReceiver,
    body: { events: string[]; statuses?: string[] },
    app: TestHub = hub,
  ): Promise<Subscription> {
    const res = await app.app.inject({
      method: 'POST',
      url: '/v1/webhooks',
      headers: app.auth,
      payload: { url: r.url, ...body },
    });
    expect(res.statusCode).toBe(201);
    const sub = res.json() as Subscription;
    r.setSecret(sub.secret);
    return sub;
  }

  const worker = () => hub.app.webhooks.worker;
  const publish = (e: OutboundEvent) => hub.app.webhooks.publisher.publish(e);
  const log = async (id: string, qs = ''): Promise<DeliveryAttempt[]> =>
    (await hub.app.inject({ method: 'GET', url: `/v1/webhooks/${id}/deliveries${qs}`, headers: hub.auth })).json()
      .items;
  const metrics = async () => (await hub.app.inject({ method: 'GET', url: '/metrics' })).body;

  return {
    /** The store, clock and hub of the running test. */
    current: () => ({ store, clock, hub }),
    /** Use `h` as the running test's hub from now on (closed after the test). */
    setHub: (h: TestHub) => {
      hub = h;
    },
    receiver,
    subscribe,
    worker,
    publish,
    log,
    metrics,
  };
}
