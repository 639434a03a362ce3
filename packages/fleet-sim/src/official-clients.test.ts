/**
 * The gateways' own published clients, unchanged, against the simulated phones: the official SMS Gateway for Android
 * client (`android-sms-gateway`, cloud and local server) and httpSMS's Node client (`httpsms`). If the sim drifted
 * from the wire format the real apps speak, these would break. (textbee and MySMSGate publish no JS client.)
 */
import SmsGateClient, { ProcessState, WebHookEventType, type HttpClient } from 'android-sms-gateway';
import HttpSms from 'httpsms';
import type { Fleet } from './index';
import { startSimRig, verifySmsGate, type SimRig, type WebhookReceiver } from './testing';

/** The fetch-based HttpClient the android-sms-gateway README asks its users to supply (it brings none of its own). */
const fetchClient: HttpClient = {
  get: (url, headers) => call('GET', url, undefined, headers),
  post: (url, body, headers) => call('POST', url, body, headers),
  put: (url, body, headers) => call('PUT', url, body, headers),
  patch: (url, body, headers) => call('PATCH', url, body, headers),
  delete: (url, headers) => call('DELETE', url, undefined, headers),
};

async function call<T>(method: string, url: string, body: unknown, headers?: Record<string, string>): Promise<T> {
  const res = await fetch(url, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

describe("the gateways' own clients against fleet-sim", () => {
  let fleet: Fleet;
  let rx: WebhookReceiver;
  let sim: SimRig;

  beforeEach(async () => {
    sim = await startSimRig({
      seed: 11,
      phones: [
        { id: 'cloud', gateway: 'sms-gate', sims: [{ number: '+15550000001' }, { number: '+15550000002' }] },
        { id: 'local', gateway: 'sms-gate-local', sims: [{ number: '+15550000011' }] },
        { id: 'h1', gateway: 'httpsms', sims: [{ number: '+15550001001' }] },
      ],
    });
    ({ fleet, rx } = sim);
  });

  afterEach(() => sim.close());

  /**
   * Register webhooks, send, follow the message to Delivered by webhook and by polling, then clean up, with one client.
   */
  async function roundTrip(client: SmsGateClient, phoneId: string, to: string, simNumber?: number) {
    const hook = await client.registerWebhook({ event: WebHookEventType.SmsDelivered, url: rx.url });
    expect(hook).toMatchObject({ id: expect.any(String), event: 'sms:delivered', url: rx.url });
    expect((await client.getWebhooks()).map((h) => h.id)).toContain(hook.id);

    const sent = await client.send({
      message: 'Your order A-1042 ships today.',
      phoneNumbers: [to],
      withDeliveryReport: true,
      ...(simNumber ? { simNumber } : {}),
    });
    expect(sent).toMatchObject({
      id: expect.any(String),
      state: ProcessState.Pending,
      recipients: [{ phoneNumber: to, state: ProcessState.Pending }],
    });

    const about = (x: { json: unknown }) =>
      (x.json as { payload?: { messageId?: string } }).payload?.messageId === sent.id;
    await rx.waitFor((r) => r.some(about));
    const report = rx.received.find(about)!;
    expect(verifySmsGate(report, fleet.phone(phoneId).webhookSecret!, fleet.now())).toBe(true);
    expect(await client.getState(sent.id)).toMatchObject({
      id: sent.id,
      state: ProcessState.Delivered,
      recipients: [{ phoneNumber: to, state: ProcessState.Delivered }],
    });
    expect(fleet.truth.message(sent.id)).toMatchObject({
      phoneId,
      recipient: to,
      text: 'Your order A-1042 ships today.',
      finalState: 'delivered',
      ...(simNumber ? { sim: simNumber } : {}),
    });

    await client.deleteWebhook(hook.id!);
    expect((await client.getWebhooks()).map((h) => h.id)).not.toContain(hook.id);
    expect((await client.getHealth()).status).toBe('pass');
  }

  it('android-sms-gateway on the cloud server: webhooks, send on a chosen SIM, state, devices, health', async () => {
    const g = fleet.gateways['sms-gate'];
    const client = new SmsGateClient(
      g.credentials.username!,
      g.credentials.password!,
      fetchClient,
      `${g.baseUrl}/3rdparty/v1`,
    );
    expect((await client.getDevices()).map((d) => d.id)).toEqual(['cloud']);
    await roundTrip(client, 'cloud', '+15551230001', 2);
  });

  it("android-sms-gateway on a phone's local server", async () => {
    const phone = fleet.phone('local');
    const client = new SmsGateClient(
      phone.credentials.username!,
      phone.credentials.password!,
      fetchClient,
      phone.baseUrl,
    );
    await roundTrip(client, 'local', '+15551230002');
  });

  it('refuses the official client with wrong credentials', async () => {
    const g = fleet.gateways['sms-gate'];
    const client = new SmsGateClient(g.credentials.username!, 'wrong', fetchClient, `${g.baseUrl}/3rdparty/v1`);
    await expect(client.send({ message: 'x', phoneNumbers: ['+15551230003'] })).rejects.toThrow(/: 401 /);
    expect(fleet.truth.messages()).toEqual([]);
  });

  it("httpsms's Node client sends from a phone number, and the phone really sends it", async () => {
    const g = fleet.gateways.httpsms;
    const client = new HttpSms(g.credentials.apiKey!, g.baseUrl);
    const m = await client.messages.postSend({
      from: '+15550001001',
      to: '+15551230004',
      content: 'Your order A-1042 ships today.',
      encrypted: false,
    });
    expect(m).toMatchObject({
      id: expect.any(String),
      owner: '+15550001001',
      contact: '+15551230004',
      content: 'Your order A-1042 ships today.',
    });
    await fleet.truth.waitFor((t) => t.message(m.id)?.finalState === 'delivered');
    expect(fleet.truth.message(m.id)).toMatchObject({ phoneId: 'h1', recipient: '+15551230004' });
    const wrong = new HttpSms('not-the-key', g.baseUrl);
    await expect(
      wrong.messages.postSend({ from: '+15550001001', to: '+15551230005', content: 'x', encrypted: false }),
    ).rejects.toMatchObject({ response: { status: 401 } });
  });
});
