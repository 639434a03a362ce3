import { failureByCode } from '@smsfleet/core';
import zapier from 'zapier-platform-core';
import { type SimHub as Demo, startSimHub as startDemo } from '@smsfleet/hub/testing';
import App from '../index';
import { FAST, type Hit, hookTarget, until } from '../testing/harness';

const appTester = zapier.createAppTester(App);
type Sub = { id: string; secret: string };

describe('Zapier instant triggers against a real hub', () => {
  let demo: Demo;
  let authData: { baseUrl: string; apiKey: string };
  const api = async (path: string) =>
    (await fetch(`${demo.url}${path}`, { headers: { authorization: `Bearer ${demo.apiKey}` } })).json() as Promise<any>;
  const status = App.triggers.message_status_changed.operation;
  const inbound = App.triggers.inbound_sms.operation;
  const subscribe = (op: { performSubscribe: unknown }, targetUrl: string, inputData: object) =>
    appTester(op.performSubscribe as never, { authData, targetUrl, inputData } as never) as Promise<Sub>;
  /** The trigger's perform on a delivery, as Zapier calls it: the raw request and the subscription's data. */
  const perform = (op: { perform: unknown }, sub: Partial<Sub> | undefined, raw: Partial<Hit> | undefined) =>
    appTester(
      op.perform as never,
      {
        authData,
        subscribeData: sub,
        cleanedRequest: raw?.body ? JSON.parse(raw.body) : {},
        ...(raw ? { rawRequest: { headers: raw.headers, content: raw.body } } : {}),
      } as never,
    ) as Promise<Record<string, unknown>[]>;
  const send = (inputData: object) =>
    appTester(App.creates.send_sms.operation.perform as never, { authData, inputData } as never) as Promise<{
      id: string;
    }>;

  beforeAll(async () => {
    demo = await startDemo({ env: { SMSFLEET_PORT: '0', SMSFLEET_LOG_LEVEL: 'silent' }, seed: 24, timing: FAST });
    authData = { baseUrl: demo.url, apiKey: demo.apiKey };
  });
  afterAll(async () => {
    await demo.close();
  });

  it('subscribes, receives real signed delivered and failed events, and unsubscribes', async () => {
    const target = await hookTarget();
    try {
      const sub = await subscribe(status, target.url, { statuses: ['delivered', 'failed'] });
      expect(sub.id).toMatch(/^sub_/);
      expect((await api('/v1/webhooks')).items.map((s: { id: string }) => s.id)).toContain(sub.id);
      const ok = await send({ to: '+14155550131', message: 'Your order ships today', reference: 'order-77' });
      const bad = await send({ to: '+14155559991', message: 'Hello', deviceId: 'moto-g' });
      const hitFor = (id: string) => target.hits.find((h) => JSON.parse(h.body).data.messageId === id);
      const items = [];
      for (const id of [ok.id, bad.id]) items.push((await perform(status, sub, await until(id, () => hitFor(id))))[0]);
      expect(items[0]).toMatchObject({
        id: `${ok.id}:delivered`,
        messageId: ok.id,
        status: 'delivered',
        reference: 'order-77',
        to: '+14155550131',
      });
      // The catalogue's words, the same on every gateway (not the gateway's own, which differ).
      expect(items[1]).toMatchObject({
        id: `${bad.id}:failed`,
        status: 'failed',
        failureCategory: 'invalid_number',
        failureReason: failureByCode('RESULT_NETWORK_REJECT')!.explanation,
      });
      // the filter went to the hub
      expect(target.hits.every((h) => ['delivered', 'failed'].includes(JSON.parse(h.body).data.status))).toBe(true);

      await appTester(status.performUnsubscribe as never, { authData, subscribeData: sub } as never);
      expect((await api('/v1/webhooks')).items.map((s: { id: string }) => s.id)).not.toContain(sub.id);
      // Unsubscribing again (Zapier retries) is not an error: the subscription is gone either way.
      await appTester(status.performUnsubscribe as never, { authData, subscribeData: sub } as never);
    } finally {
      await target.close();
    }
  });

  it('refuses unsigned and badly signed deliveries, whatever is missing', async () => {
    const target = await hookTarget();
    try {
      const sub = await subscribe(status, target.url, {});
      const sent = await send({ to: '+14155550137', message: 'Signed' });
      const hit = await until('a hook', () => target.hits.find((h) => JSON.parse(h.body).data.messageId === sent.id));
      expect(await perform(status, sub, hit)).toHaveLength(1);
      // Zapier hands the headers over as Http-Webhook-Id…: still verified.
      const zapierStyle = Object.fromEntries(Object.entries(hit.headers).map(([k, v]) => [`Http-${k}`, v]));
      expect(await perform(status, sub, { ...hit, headers: zapierStyle })).toHaveLength(1);

      const refused = { message: expect.stringMatching(/signature did not verify/) };
      const { 'webhook-signature': _sig, ...unsigned } = hit.headers;
      await expect(perform(status, sub, { ...hit, headers: unsigned })).rejects.toMatchObject(refused);
      await expect(perform(status, sub, undefined)).rejects.toMatchObject(refused); // no raw request at all
      await expect(perform(status, { id: sub.id }, hit)).rejects.toMatchObject(refused); // no secret kept
      await expect(perform(status, undefined, hit)).rejects.toMatchObject(refused);
      const forged = { ...hit, body: hit.body.replace('+14155550137', '+14155550999') };
      await expect(perform(status, sub, forged)).rejects.toMatchObject(refused);
      const stale = {
        ...hit,
        headers: { ...hit.headers, 'webhook-timestamp': String(Math.floor(Date.now() / 1000) - 3600) },
      };
      await expect(perform(status, sub, stale)).rejects.toMatchObject(refused);
      await appTester(status.performUnsubscribe as never, { authData, subscribeData: sub } as never);
    } finally {
      await target.close();
    }
  });

  it('asks the hub for inbound texts from chosen senders and keywords, and receives only those', async () => {
    const filtered = await hookTarget();
    const everything = await hookTarget();
    try {
      const sub = await subscribe(inbound, filtered.url, { from: ['+1 (415) 555-0138'], keywords: ['yes'] });
      const all = await subscribe(inbound, everything.url, {});
      expect(await api(`/v1/webhooks/${sub.id}`)).toMatchObject({ from: ['+14155550138'], keywords: ['YES'] });
      const phone = demo.fleet.phone('pixel-7');
      phone.receiveSms('+14155550138', 'No thanks', 1); // right sender, wrong word
      phone.receiveSms('+14155550139', 'Yes please', 1); // right word, wrong sender
      await until('both at the unfiltered hook', () => (everything.hits.length >= 2 ? true : undefined));
      phone.receiveSms('+14155550138', 'Yes, see you at 10', 1);
      const hit = await until('the wanted text', () => filtered.hits[0]);
      await until('all three at the unfiltered hook', () => (everything.hits.length >= 3 ? true : undefined));
      expect(filtered.hits.map((h) => JSON.parse(h.body).data.body)).toEqual(['Yes, see you at 10']);
      expect(await perform(inbound, sub, hit)).toEqual([
        expect.objectContaining({ from: '+14155550138', body: 'Yes, see you at 10', deviceId: 'pixel-7' }),
      ]);
      for (const s of [sub, all])
        await appTester(inbound.performUnsubscribe as never, { authData, subscribeData: s } as never);
    } finally {
      await filtered.close();
      await everything.close();
    }
  });

  it("lists real recent items in the hook's shape", async () => {
    const sent = await send({ to: '+14155550132', message: 'Listed' });
    await until('delivered', async () =>
      (await api(`/v1/messages/${sent.id}`)).message.status === 'delivered' ? true : undefined,
    );
    const list = (await appTester(
      status.performList as never,
      { authData, inputData: { statuses: ['delivered'] } } as never,
    )) as { id: string; status: string }[];
    expect(list.find((i) => i.id === `${sent.id}:delivered`)).toMatchObject({
      status: 'delivered',
      to: '+14155550132',
    });
    expect(list.every((i) => i.status === 'delivered')).toBe(true);

    demo.fleet.phone('pixel-7').receiveSms('+14155550133', 'Hello there', 1);
    const inbox = await until('inbound', async () => {
      const l = (await appTester(inbound.performList as never, { authData, inputData: {} } as never)) as {
        from: string;
      }[];
      return l.some((i) => i.from === '+14155550133') ? l : undefined;
    });
    expect(inbox.find((i) => i.from === '+14155550133')).toMatchObject({ body: 'Hello there', deviceId: 'pixel-7' });
    const devices = (await appTester(App.triggers.device.operation.perform as never, { authData } as never)) as {
      id: string;
    }[];
    expect(devices.map((d) => d.id).sort()).toEqual(['galaxy-a54', 'moto-g', 'nokia-g42', 'pixel-7', 'redmi-12']);
  });
});
