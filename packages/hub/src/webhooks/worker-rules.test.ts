import { isSmsfleetError, type OutboundEvent, type Store } from '@smsfleet/core';
import { type ManualClock, startTestHub, storeCases, type TestHub } from '../testing';
import { WEBHOOK_QUEUE } from './metrics';
import { statusEvent, useWebhookRig } from './test-rig';

describe.each(storeCases({ cluster: true }))('webhook delivery rules ($name store)', (storeCase) => {
  const rig = useWebhookRig(storeCase);
  const { receiver, subscribe, worker, publish } = rig;
  let store: Store;
  let clock: ManualClock;
  let hub: TestHub;
  beforeEach(() => {
    ({ store, clock, hub } = rig.current());
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
    rig.setHub(hub);
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
