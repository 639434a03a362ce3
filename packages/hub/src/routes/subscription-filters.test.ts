import type { OutboundEvent, Store, Subscription } from '@smsfleet/core';
import { firstWord } from '../webhooks/publisher';
import { ManualClock, startTestHub, storeCases, type TestHub } from '../testing';

const inbound = (n: number, from: string, body: string): OutboundEvent => ({
  id: `evt_in_${n}`,
  type: 'sms.received',
  timestamp: '2026-12-06T12:00:00.000Z',
  data: { inboundId: `in_${n}`, from, body, deviceId: 'pixel-7', receivedAt: '2026-12-06T12:00:00.000Z' },
});

describe('firstWord', () => {
  it('is the first word, upper-cased, without trailing punctuation', () => {
    expect(['Yes, at 10', '  yes! ', 'YES.', 'yes\nplease', 'Yesterday', ''].map(firstWord)).toEqual([
      'YES',
      'YES',
      'YES',
      'YES',
      'YESTERDAY',
      '',
    ]);
  });
});

describe.each(storeCases())('sender and keyword filters of subscriptions ($name store)', (storeCase) => {
  let store: Store;
  let hub: TestHub;
  beforeEach(async () => {
    store = await storeCase.create();
    hub = await startTestHub({ store, clock: new ManualClock() });
  });
  afterEach(async () => {
    await hub.close();
    await store.close();
  });

  const create = (body: object) =>
    hub.app.inject({
      method: 'POST',
      url: '/v1/webhooks',
      headers: hub.auth,
      payload: { url: 'https://example.com/hook', events: ['sms.received'], ...body },
    });

  it('stores `from` in E.164 and keywords upper-cased, and reads them back', async () => {
    const res = await create({ from: ['+1 (415) 555-0123', '+14155550123', '+447400123456'], keywords: ['yes', 'Y'] });
    expect(res.statusCode).toBe(201);
    const sub = res.json() as Subscription;
    expect(sub).toMatchObject({ from: ['+14155550123', '+447400123456'], keywords: ['YES', 'Y'] });
    const read = await hub.app.inject({ method: 'GET', url: `/v1/webhooks/${sub.id}`, headers: hub.auth });
    expect(read.json()).toMatchObject({ from: ['+14155550123', '+447400123456'], keywords: ['YES', 'Y'] });
    expect(await store.subscriptions.get(sub.id)).toMatchObject({ from: sub.from, keywords: sub.keywords });
  });

  it('refuses a sender that is not a number, a keyword of two words, and filters of another event', async () => {
    const bad = await create({ from: ['+14155550123', 'twelve'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'SMSFLEET_ERR_INVALID_PHONE', field: 'body.from.1' });
    const two = await create({ keywords: ['yes please'] });
    expect(two.statusCode).toBe(400);
    expect(JSON.stringify(two.json().error)).toContain('body.keywords.0');
    const other = await create({ events: ['message.status_changed'], from: ['+14155550123'] });
    expect(other.statusCode).toBe(400);
    expect(JSON.stringify(other.json().error)).toContain('body.from');
    expect(await store.subscriptions.list()).toEqual([]);
  });

  it('publishes an inbound text only to the subscriptions whose sender and keyword it matches', async () => {
    const ids = async (body: object) => ((await create(body)).json() as Subscription).id;
    const all = await ids({});
    const fromA = await ids({ from: ['+14155550123'] });
    const yes = await ids({ keywords: ['yes', 'confirm'] });
    const fromAyes = await ids({ from: ['+14155550123'], keywords: ['YES'] });
    const publish = async (e: OutboundEvent) => (await hub.app.webhooks.publisher.publish(e)).subscriptionIds.sort();

    expect(await publish(inbound(1, '+14155550123', 'Yes, see you'))).toEqual([all, fromA, yes, fromAyes].sort());
    expect(await publish(inbound(2, '+14155550123', 'No thanks'))).toEqual([all, fromA].sort());
    expect(await publish(inbound(3, '+14155550999', 'confirm!'))).toEqual([all, yes].sort());
    expect(await publish(inbound(4, '+14155550999', 'Yesterday was fine'))).toEqual([all]);
  });
});
