import {
  isSmsfleetError,
  newId,
  type DeliveryAttempt,
  type MessageStatus,
  type OutboundEvent,
  type Store,
  type Subscription,
} from '@smsfleet/core';
import { ManualClock, startReceiver, startTestHub, storeCases, type TestHub, type WebhookReceiver } from '../testing';
import { WEBHOOK_QUEUE } from './metrics';

function statusEvent(status: MessageStatus, at = new Date()): OutboundEvent {
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

describe.each(storeCases())('webhook delivery ($name store)', (storeCase) => {
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

  it('delivers a published event, signed, to the subscriptions that want it', async () => {
    const [a, b, c] = [await receiver(), await receiver(), await receiver()];
    const subA = await subscribe(a, { events: ['message.status_changed'], statuses: ['delivered'] });
    const subB = await subscribe(b, { events: ['message.status_changed'] });
    await subscribe(c, { events: ['sms.received'] });

    const sent = statusEvent('sent');
    const delivered = statusEvent('delivered');
    expect((await publish(sent)).subscriptionIds).toEqual([subB.id]);
    expect((await publish(delivered)).subscriptionIds.sort()).toEqual([subA.id, subB.id].sort());
    expect(await worker().drain()).toBe(3);

    expect(a.received.map((r) => r.verified)).toEqual([delivered]);
    expect(
      b.received.map((r) => r.verified).sort((x, y) => ((x as OutboundEvent).id < (y as OutboundEvent).id ? -1 : 1)),
    ).toEqual([sent, delivered].sort((x, y) => (x.id < y.id ? -1 : 1)));
    expect(c.received).toHaveLength(0);
    for (const r of [...a.received, ...b.received]) {
      expect(r.verifyError).toBeUndefined();
      expect(r.headers['webhook-id']).toBe((r.verified as OutboundEvent).id);
      expect(Number(r.headers['webhook-timestamp'])).toBe(Math.floor(clock.now() / 1000));
    }
    expect((await log(subB.id)).map((d) => [d.eventId, d.ok, d.attempt, d.statusCode])).toEqual(
      expect.arrayContaining([
        [sent.id, true, 1, 204],
        [delivered.id, true, 1, 204],
      ]),
    );
    expect(await store.queue.size(WEBHOOK_QUEUE)).toBe(0);
  });

  it('publishing one event twice delivers it once', async () => {
    const r = await receiver();
    await subscribe(r, { events: ['message.status_changed'] });
    const e = statusEvent('delivered');
    await publish(e);
    await publish(e);
    await worker().drain();
    expect(r.received).toHaveLength(1);
  });

  it('retries with backoff and the same webhook-id until the receiver recovers, then delivers exactly once', async () => {
    const statuses = [500, 503, 204];
    const r = await receiver((n) => statuses[n - 1] ?? 204);
    const sub = await subscribe(r, { events: ['message.status_changed'] });
    const e = statusEvent('delivered');
    await publish(e);
    const t0 = clock.now();

    expect(await worker().drain()).toBe(1);
    const [first] = await log(sub.id);
    expect(first).toMatchObject({
      attempt: 1,
      ok: false,
      statusCode: 500,
      error: expect.stringMatching(/^HTTP 500/),
      deadLettered: false,
    });
    expect(Date.parse(first!.nextAttemptAt!)).toBe(t0 + 1_000);

    clock.advance(999);
    expect(await worker().drain()).toBe(0); // not due yet
    clock.advance(1);
    expect(await worker().drain()).toBe(1);
    expect((await log(sub.id))[0]).toMatchObject({ attempt: 2, ok: false, statusCode: 503 });
    clock.advance(1_999);
    expect(await worker().drain()).toBe(0);
    clock.advance(1);
    expect(await worker().drain()).toBe(1);

    expect(r.received.map((x) => x.status)).toEqual([500, 503, 204]);
    expect(new Set(r.received.map((x) => x.headers['webhook-id']))).toEqual(new Set([e.id]));
    expect(r.received.every((x) => x.verifyError === undefined)).toBe(true);
    expect((await log(sub.id)).map((d) => [d.attempt, d.ok])).toEqual([
      [3, true],
      [2, false],
      [1, false],
    ]);
    expect(await store.subscriptions.get(sub.id)).toMatchObject({ consecutiveFailures: 0, failing: false });
    expect(await store.queue.size(WEBHOOK_QUEUE)).toBe(0);
    clock.advance(60_000);
    expect(await worker().drain()).toBe(0);
    expect(r.received).toHaveLength(3);
  });

  it('dead-letters after the last attempt, raises the alarm once, and clears it on the next success', async () => {
    let up = false;
    const bad = await receiver(() => (up ? 200 : 500));
    const watcher = await receiver();
    const badSub = await subscribe(bad, { events: ['message.status_changed', 'webhook.failing'] });
    const watcherSub = await subscribe(watcher, { events: ['webhook.failing'] });
    const e = statusEvent('failed');
    await publish(e);

    for (const wait of [0, 1_000, 2_000, 4_000]) {
      clock.advance(wait);
      await worker().drain();
    }
    // attempts 1..4 = 1 + the three retries of testConfig(); alarm after 3 failures in a row
    expect(bad.received).toHaveLength(4);
    const attempts = await log(badSub.id);
    expect(attempts.map((d) => [d.attempt, d.ok, d.deadLettered])).toEqual([
      [4, false, true],
      [3, false, false],
      [2, false, false],
      [1, false, false],
    ]);
    expect(attempts[0]!.nextAttemptAt).toBeUndefined();
    const dead = await log(badSub.id, '?failed=true');
    expect(dead).toEqual([attempts[0]]);
    expect(await store.queue.size(WEBHOOK_QUEUE)).toBe(0);

    const read = (await hub.app.inject({ method: 'GET', url: `/v1/webhooks/${badSub.id}`, headers: hub.auth })).json();
    expect(read).toMatchObject({ failing: true, consecutiveFailures: 4 });

    // the alarm went to the other subscription, once, and never to the failing one
    expect(watcher.received).toHaveLength(1);
    expect(watcher.received[0]!.verifyError).toBeUndefined();
    expect(watcher.received[0]!.verified).toMatchObject({
      type: 'webhook.failing',
      data: {
        subscriptionId: badSub.id,
        url: bad.url,
        consecutiveFailures: 3,
        lastError: expect.stringMatching(/^HTTP 500/),
      },
    });
    expect(bad.received.every((r) => (r.verified as OutboundEvent).type === 'message.status_changed')).toBe(true);
    expect((await log(watcherSub.id)).map((d) => d.eventType)).toEqual(['webhook.failing']);

    let m = await metrics();
    expect(m).toContain(`smsfleet_webhook_subscription_failing{subscription_id="${badSub.id}"} 1`);
    expect(m).toContain(`smsfleet_webhook_subscription_failing{subscription_id="${watcherSub.id}"} 0`);
    expect(m).toContain('smsfleet_webhook_dead_letters_total{event_type="message.status_changed"} 1');
    expect(m).toContain('smsfleet_webhook_alarms_total{transition="raised"} 1');
    expect(m).toContain('smsfleet_webhook_attempts_total{event_type="message.status_changed",result="failure"} 4');

    up = true;
    await publish(statusEvent('delivered'));
    await worker().drain();
    expect(await store.subscriptions.get(badSub.id)).toMatchObject({ failing: false, consecutiveFailures: 0 });
    m = await metrics();
    expect(m).toContain(`smsfleet_webhook_subscription_failing{subscription_id="${badSub.id}"} 0`);
    expect(m).toContain('smsfleet_webhook_alarms_total{transition="cleared"} 1');
  });

  it('counts a timeout as a failed attempt', async () => {
    await hub.close();
    hub = await startTestHub({ store, clock, env: { SMSFLEET_WEBHOOK_TIMEOUT: '150ms' } });
    const r = await receiver((n) => (n === 1 ? 'hang' : 204));
    const sub = await subscribe(r, { events: ['message.status_changed'] });
    await publish(statusEvent('sent'));
    await worker().drain();
    expect((await log(sub.id))[0]).toMatchObject({ attempt: 1, ok: false, error: 'timed out after 150 ms' });
    clock.advance(1_000);
    await worker().drain();
    expect((await log(sub.id))[0]).toMatchObject({ attempt: 2, ok: true });
  });

  it('drops queued deliveries of a deleted subscription', async () => {
    const r = await receiver();
    const sub = await subscribe(r, { events: ['message.status_changed'] });
    await publish(statusEvent('sent'));
    expect(
      (await hub.app.inject({ method: 'DELETE', url: `/v1/webhooks/${sub.id}`, headers: hub.auth })).statusCode,
    ).toBe(204);
    expect(await worker().drain()).toBe(1);
    expect(r.received).toHaveLength(0);
    expect(await store.queue.size(WEBHOOK_QUEUE)).toBe(0);
  });

  it('drops a malformed job instead of failing the loop', async () => {
    const r = await receiver();
    await subscribe(r, { events: ['message.status_changed'] });
    await store.queue.enqueue(WEBHOOK_QUEUE, { id: 'bad', dueAt: clock.now(), payload: { nonsense: true } });
    await publish(statusEvent('sent'));
    expect(await worker().drain()).toBe(2);
    expect(r.received).toHaveLength(1);
    expect(await store.queue.size(WEBHOOK_QUEUE)).toBe(0);
  });

  it('refuses to publish an invalid event, naming the field, and enqueues nothing', async () => {
    const r = await receiver();
    await subscribe(r, { events: ['message.status_changed'] });
    const bad = statusEvent('delivered') as { data: Record<string, unknown> } & OutboundEvent;
    bad.data.status = 'read';
    let err: unknown;
    try {
      await publish(bad);
    } catch (e) {
      err = e;
    }
    expect(isSmsfleetError(err, 'SMSFLEET_ERR_VALIDATION')).toBe(true);
    expect((err as { field: string }).field).toBe('event.data.status');
    expect(await store.queue.size(WEBHOOK_QUEUE)).toBe(0);
  });

  it('never delivers one job twice when several hubs share the store', async () => {
    const handles = await storeCase.createShared(3);
    const hubs = await Promise.all(handles.map((s) => startTestHub({ store: s, clock })));
    try {
      const r = await receiver();
      await subscribe(r, { events: ['message.status_changed'] }, hubs[0]);
      const events = Array.from({ length: 30 }, () => statusEvent('delivered'));
      for (const e of events) await hubs[1]!.app.webhooks.publisher.publish(e);
      const counts = await Promise.all(hubs.map((h) => h.app.webhooks.worker.drain()));
      expect(counts.reduce((a, b) => a + b, 0)).toBe(30);
      expect(r.received).toHaveLength(30);
      expect(new Set(r.received.map((x) => x.headers['webhook-id']))).toEqual(new Set(events.map((e) => e.id)));
    } finally {
      await Promise.all(hubs.map((h) => h.close()));
      await Promise.all([...new Set(handles)].map((s) => s.close()));
    }
  });

  it('runs on its own between ready and close, waking up on publish and retrying', async () => {
    await hub.close();
    hub = await startTestHub({
      store,
      runWorkers: true,
      env: { SMSFLEET_WEBHOOK_RETRY_SCHEDULE: '30ms', SMSFLEET_WEBHOOK_POLL: '5s' },
    });
    expect(worker().running).toBe(true);
    const r = await receiver((n) => (n === 1 ? 500 : 204));
    const sub = await subscribe(r, { events: ['message.status_changed'] });
    const e = statusEvent('delivered');
    await publish(e);
    // delivered without driving the worker: the publish woke it, the retry came after its 30 ms delay
    await r.waitFor(2);
    expect(r.received.map((x) => x.status)).toEqual([500, 204]);
    await hub.close();
    expect(worker().running).toBe(false);
    expect((await store.subscriptions.get(sub.id))?.consecutiveFailures).toBe(0);
  });
});
