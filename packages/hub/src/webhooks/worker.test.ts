import type { OutboundEvent, Store } from '@smsfleet/core';
import { type ManualClock, startTestHub, storeCases, type TestHub } from '../testing';
import { WEBHOOK_QUEUE } from './metrics';
import { statusEvent, useWebhookRig } from './test-rig';

describe.each(storeCases())('webhook delivery ($name store)', (storeCase) => {
  const rig = useWebhookRig(storeCase);
  const { receiver, subscribe, worker, publish, log, metrics } = rig;
  let store: Store;
  let clock: ManualClock;
  let hub: TestHub;
  beforeEach(() => {
    ({ store, clock, hub } = rig.current());
  });

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

  it('retries with backoff and one webhook-id until the receiver recovers, then delivers exactly once', async () => {
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
    rig.setHub(hub);
    const r = await receiver((n) => (n === 1 ? 'hang' : 204));
    const sub = await subscribe(r, { events: ['message.status_changed'] });
    await publish(statusEvent('sent'));
    await worker().drain();
    expect((await log(sub.id))[0]).toMatchObject({ attempt: 1, ok: false, error: 'timed out after 150 ms' });
    clock.advance(1_000);
    await worker().drain();
    expect((await log(sub.id))[0]).toMatchObject({ attempt: 2, ok: true });
  });
});
