import type { Store, Subscription } from '@smsfleet/core';
import { ManualClock, startReceiver, startTestHub, storeCases, type TestHub, type WebhookReceiver } from '../testing';

describe.each(storeCases())('webhook subscription routes ($name store)', (storeCase) => {
  let store: Store;
  let hub: TestHub;
  let clock: ManualClock;
  let receiver: WebhookReceiver;
  beforeEach(async () => {
    store = await storeCase.create();
    clock = new ManualClock();
    hub = await startTestHub({ store, clock });
    receiver = await startReceiver();
  });
  afterEach(async () => {
    await hub.close();
    await receiver.close();
    await store.close();
  });

  const call = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
    hub.app.inject({ method, url, headers: hub.auth, ...(payload ? { payload } : {}) });
  const create = async (body: object = {}) => {
    const res = await call('POST', '/v1/webhooks', { url: receiver.url, events: ['message.status_changed'], ...body });
    expect(res.statusCode).toBe(201);
    return res.json() as Subscription;
  };

  it('creates a subscription and shows its secret only once', async () => {
    const sub = await create({ statuses: ['delivered', 'failed', 'delivered'], description: 'n8n flow 12' });
    expect(sub).toEqual({
      id: expect.stringMatching(/^sub_/),
      url: receiver.url,
      events: ['message.status_changed'],
      statuses: ['delivered', 'failed'],
      description: 'n8n flow 12',
      secret: expect.stringMatching(/^whsec_/),
      createdAt: new Date(clock.now()).toISOString(),
      failing: false,
      consecutiveFailures: 0,
    });
    expect((await store.subscriptions.get(sub.id))?.secret).toBe(sub.secret);

    const one = await call('GET', `/v1/webhooks/${sub.id}`);
    expect(one.statusCode).toBe(200);
    const { secret: _secret, ...withoutSecret } = sub;
    expect(one.json()).toEqual(withoutSecret);
    expect(one.body).not.toContain(sub.secret);

    const all = await call('GET', '/v1/webhooks');
    expect(all.json()).toEqual({ items: [withoutSecret] });
    expect(all.body).not.toContain('whsec_');
  });

  it('deletes a subscription', async () => {
    const sub = await create();
    const del = await call('DELETE', `/v1/webhooks/${sub.id}`);
    expect(del.statusCode).toBe(204);
    expect(del.body).toBe('');
    expect(await store.subscriptions.get(sub.id)).toBeUndefined();
    expect((await call('GET', `/v1/webhooks/${sub.id}`)).statusCode).toBe(404);
  });

  it.each([
    ['a bad URL', { url: 'not a url' }, 'body.url'],
    ['a non-http URL', { url: 'ftp://example.com/x' }, 'body.url'],
    ['an unknown event type', { events: ['message.status_changed', 'sms.sent'] }, 'body.events.1'],
    ['no events', { events: [] }, 'body.events'],
    ['an unknown status', { statuses: ['read'] }, 'body.statuses.0'],
    ['statuses without status events', { events: ['sms.received'], statuses: ['delivered'] }, 'body.statuses'],
    ['a long description', { description: 'x'.repeat(201) }, 'body.description'],
    ['an unknown field', { secret: 'whsec_mine' }, 'body.secret'],
  ])('refuses %s with SMSFLEET_ERR_VALIDATION naming the field, and stores nothing', async (_name, patch, field) => {
    const res = await call('POST', '/v1/webhooks', { url: receiver.url, events: ['message.status_changed'], ...patch });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'SMSFLEET_ERR_VALIDATION', field, reason: expect.any(String) });
    expect(await store.subscriptions.list()).toEqual([]);
  });

  it.each([
    ['GET', '/v1/webhooks/sub_unknown'],
    ['DELETE', '/v1/webhooks/sub_unknown'],
    ['GET', '/v1/webhooks/sub_unknown/deliveries'],
    ['POST', '/v1/webhooks/sub_unknown/test'],
  ] as const)('answers %s %s with SMSFLEET_ERR_NOT_FOUND naming params.id', async (method, url) => {
    const res = await call(method, url);
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toMatchObject({ code: 'SMSFLEET_ERR_NOT_FOUND', field: 'params.id' });
  });

  it.each([
    ['limit=0', 'query.limit'],
    ['limit=501', 'query.limit'],
    ['limit=ten', 'query.limit'],
    ['failed=maybe', 'query.failed'],
    ['page=2', 'query.page'],
  ])('refuses deliveries?%s naming %s', async (qs, field) => {
    const sub = await create();
    const res = await call('GET', `/v1/webhooks/${sub.id}/deliveries?${qs}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'SMSFLEET_ERR_VALIDATION', field });
  });

  it('sends a signed test event now and logs the attempt', async () => {
    const sub = await create();
    receiver.setSecret(sub.secret);
    const res = await call('POST', `/v1/webhooks/${sub.id}/test`);
    expect(res.statusCode).toBe(200);
    const attempt = res.json();
    expect(attempt).toMatchObject({
      subscriptionId: sub.id,
      eventType: 'webhook.test',
      attempt: 1,
      ok: true,
      statusCode: 204,
      deadLettered: false,
    });
    expect(receiver.received).toHaveLength(1);
    const got = receiver.received[0]!;
    expect(got.verifyError).toBeUndefined();
    expect(got.verified).toMatchObject({ id: attempt.eventId, type: 'webhook.test', data: { subscriptionId: sub.id } });
    expect(got.headers['webhook-id']).toBe(attempt.eventId);
    const log = await call('GET', `/v1/webhooks/${sub.id}/deliveries`);
    expect(log.json()).toEqual({ items: [attempt] });
  });

  it('reports a failing test event without raising the alarm', async () => {
    const failing = await startReceiver(() => 500);
    try {
      const res = await call('POST', '/v1/webhooks', { url: failing.url, events: ['sms.received'] });
      const sub = res.json() as Subscription;
      const test = await call('POST', `/v1/webhooks/${sub.id}/test`);
      expect(test.statusCode).toBe(200);
      expect(test.json()).toMatchObject({ ok: false, statusCode: 500, error: expect.stringMatching(/^HTTP 500/) });
      expect(await store.subscriptions.get(sub.id)).toMatchObject({ failing: false, consecutiveFailures: 0 });
      expect((await call('GET', `/v1/webhooks/${sub.id}/deliveries`)).json().items).toHaveLength(1);
    } finally {
      await failing.close();
    }
  });

  it('pages through the delivery log', async () => {
    const sub = await create();
    for (let i = 0; i < 3; i++) {
      clock.advance(1_000);
      expect((await call('POST', `/v1/webhooks/${sub.id}/test`)).statusCode).toBe(200);
    }
    const first = (await call('GET', `/v1/webhooks/${sub.id}/deliveries?limit=2`)).json();
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = (
      await call('GET', `/v1/webhooks/${sub.id}/deliveries?limit=2&cursor=${encodeURIComponent(first.nextCursor)}`)
    ).json();
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeUndefined();
    const ids = [...first.items, ...second.items].map((a: { eventId: string }) => a.eventId);
    expect(new Set(ids).size).toBe(3);
    expect(receiver.received.map((r) => r.headers['webhook-id']).reverse()).toEqual(ids);
  });
});
