import type { Fleet } from './index';
import { startSimRig, verifyMySmsGate, verifyTextbee, type SimRig, type WebhookReceiver } from './testing';

const json = async <T>(r: Response) => (await r.json()) as T;

describe('textbee and MySMSGate', () => {
  let fleet: Fleet;
  let rx: WebhookReceiver;
  let sim: SimRig;

  beforeEach(async () => {
    sim = await startSimRig({
      seed: 11,
      phones: [
        { id: 'tb1', gateway: 'textbee', sims: [{ number: '+15550002001' }, { number: '+15550002002' }] },
        { id: 'mg1', gateway: 'mysmsgate', sims: [{ number: '+15550003001' }, { number: '+15550003002' }] },
      ],
    });
    ({ fleet, rx } = sim);
  });

  afterEach(() => sim.close());

  describe('textbee', () => {
    const secret = 'textbee-secret-at-least-20';
    const call = (method: string, path: string, body?: unknown, key = fleet.gateways.textbee.credentials.apiKey!) =>
      fetch(`${fleet.gateways.textbee.baseUrl}/api/v1${path}`, {
        method,
        headers: { 'x-api-key': key, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });

    it('sends on simSubscriptionId 2, reports by GET and HMAC-signed webhooks', async () => {
      const sub = await call('POST', '/webhooks', {
        deliveryUrl: rx.url,
        signingSecret: secret,
        events: ['MESSAGE_SENT', 'MESSAGE_DELIVERED', 'MESSAGE_FAILED', 'MESSAGE_RECEIVED'],
      });
      expect(sub.status).toBe(201);
      const res = await call('POST', '/gateway/devices/tb1/send-sms', {
        message: 'hi there',
        recipients: ['+15556660001'],
        simSubscriptionId: 2,
      });
      expect(res.status).toBe(201);
      const { data } = await json<{ data: { success: boolean; smsBatchId: string; recipientCount: number } }>(res);
      expect(data).toMatchObject({ success: true, recipientCount: 1 });

      const batch = await json<{ data: { messages: Array<{ _id: string; status: string; recipient: string }> } }>(
        await call('GET', `/gateway/devices/tb1/sms-batch/${data.smsBatchId}`),
      );
      const smsId = batch.data.messages[0]!._id;
      await rx.waitFor((r) => r.some((x) => (x.json as { webhookEvent: string }).webhookEvent === 'MESSAGE_DELIVERED'));
      const bodies = rx.received.map((r) => r.json as Record<string, unknown>);
      expect(bodies.find((b) => b.webhookEvent === 'MESSAGE_SENT')).toMatchObject({
        smsId,
        smsBatchId: data.smsBatchId,
        deviceId: 'tb1',
        status: 'sent',
        recipient: '+15556660001',
        message: 'hi there',
      });
      expect(bodies.find((b) => b.webhookEvent === 'MESSAGE_DELIVERED')).toMatchObject({ smsId, status: 'delivered' });
      for (const r of rx.received) {
        expect(verifyTextbee(r, secret)).toBe(true);
        expect(verifyTextbee(r, 'another-secret-of-20-chars')).toBe(false);
      }
      const one = await json<{ data: { status: string; simSubscriptionId: number } }>(
        await call('GET', `/gateway/devices/tb1/sms/${smsId}`),
      );
      expect(one.data).toMatchObject({ status: 'delivered', simSubscriptionId: 2 });
      expect(fleet.truth.message(smsId)).toMatchObject({ sim: 2, finalState: 'delivered' });

      const inId = fleet.phone('tb1').receiveSms('+15556660009', 'inbound!');
      await rx.waitFor((r) => r.some((x) => (x.json as { webhookEvent: string }).webhookEvent === 'MESSAGE_RECEIVED'));
      expect(
        rx.received.map((r) => r.json as Record<string, unknown>).find((b) => b.webhookEvent === 'MESSAGE_RECEIVED'),
      ).toMatchObject({ smsId: inId, sender: '+15556660009', message: 'inbound!' });
    });

    it('refuses bad keys, unknown devices, bad recipients and short secrets', async () => {
      expect(
        (await call('POST', '/gateway/devices/tb1/send-sms', { message: 'x', recipients: ['+15556660001'] }, 'bad'))
          .status,
      ).toBe(401);
      expect(
        (await call('POST', '/gateway/devices/nope/send-sms', { message: 'x', recipients: ['+15556660001'] })).status,
      ).toBe(404);
      const bad = await call('POST', '/gateway/devices/tb1/send-sms', { message: 'x', recipients: ['0000'] });
      expect(bad.status).toBe(400);
      expect(await json<{ message: string }>(bad)).toMatchObject({
        statusCode: 400,
        message: expect.stringMatching(/^recipients: /),
      });
      const sim = await call('POST', '/gateway/devices/tb1/send-sms', {
        message: 'x',
        recipients: ['+15556660001'],
        simSubscriptionId: 3,
      });
      expect((await json<{ message: string }>(sim)).message).toMatch(/^simSubscriptionId: /);
      const short = await call('POST', '/webhooks', {
        deliveryUrl: rx.url,
        signingSecret: 'short',
        events: ['MESSAGE_SENT'],
      });
      expect(short.status).toBe(400);
      expect(fleet.truth.messages()).toHaveLength(0);
    });
  });

  describe('MySMSGate', () => {
    const call = (
      method: string,
      path: string,
      body?: unknown,
      headers: Record<string, string> = { 'x-api-key': fleet.gateways.mysmsgate.credentials.apiKey! },
    ) =>
      fetch(`${fleet.gateways.mysmsgate.baseUrl}/api/v1${path}`, {
        method,
        headers: { ...headers, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });

    it('sends on slot 1 with Bearer auth; signed status webhooks; incoming webhook', async () => {
      expect((await call('POST', '/webhooks', { url: rx.url })).status).toBe(200);
      const res = await call(
        'POST',
        '/send',
        { to: '+15554440001', message: 'hey', device_id: 'mg1', slot: 1 },
        { authorization: `Bearer ${fleet.gateways.mysmsgate.credentials.apiKey!}` },
      );
      expect(res.status).toBe(200);
      const sent = await json<{ success: boolean; id: string; status: string }>(res);
      expect(sent).toMatchObject({ success: true, status: 'pending', slot: 1, device_id: 'mg1' });
      await rx.waitFor((r) => r.some((x) => (x.json as { status: string }).status === 'delivered'));
      const bodies = rx.received.map((r) => r.json);
      expect(bodies).toHaveLength(2);
      expect(bodies).toEqual(
        expect.arrayContaining([
          { id: sent.id, status: 'sent', to: '+15554440001', delivery_report: false, fail_reason: null },
          { id: sent.id, status: 'delivered', to: '+15554440001', delivery_report: true, fail_reason: null },
        ]),
      );
      const secret = fleet.gateways.mysmsgate.credentials.webhookSecret!;
      for (const r of rx.received) {
        expect(r.headers['x-mysmsgate-event']).toBe('status');
        expect(verifyMySmsGate(r, secret, fleet.now())).toBe(true);
        expect(verifyMySmsGate(r, 'wrong', fleet.now())).toBe(false);
      }
      expect(await json<unknown>(await call('GET', `/messages/${sent.id}`))).toMatchObject({
        success: true,
        message: { id: sent.id, status: 'delivered', slot: 1, parts: 1 },
      });
      expect(fleet.truth.message(sent.id)).toMatchObject({ sim: 2 });

      fleet.phone('mg1').receiveSms('+15554440009', 'yo', 2);
      await rx.waitFor((r) => r.some((x) => (x.json as { type?: string }).type === 'incoming'));
      expect(rx.received.at(-1)!.json).toMatchObject({
        type: 'incoming',
        from: '+15554440009',
        to: '+15550003002',
        message: 'yo',
        device_id: 'mg1',
        slot: 1,
      });
    });

    it('refuses a missing key and bad input', async () => {
      const unauth = await call('POST', '/send', { to: '+15554440001', message: 'hey' }, {});
      expect(unauth.status).toBe(401);
      expect(await json<unknown>(unauth)).toMatchObject({ success: false });
      const bad = await call('POST', '/send', { to: '+15554440001', message: 'hey', slot: 2 });
      expect(bad.status).toBe(400);
      expect((await json<{ error: string }>(bad)).error).toMatch(/^slot: /);
      expect((await call('POST', '/send', { message: 'hey' })).status).toBe(400);
      expect(fleet.truth.messages()).toHaveLength(0);
    });
  });
});
