import { startFleet, VirtualSimClock, type Fleet } from './index';
import { basicAuth } from './testing';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver';

type Ping = {
  event: string;
  deviceId: string;
  payload: { health?: { checks: Record<string, { observedValue: number }> } };
};
type CloudEvent = { type: string; data: { owner: string } };

// Time moves only when the test moves it: each ping is a deadline of the simulation's clock.
describe('phone heartbeats', () => {
  let fleet: Fleet;
  let rx: WebhookReceiver;
  const clock = new VirtualSimClock();

  beforeAll(async () => {
    rx = await startWebhookReceiver();
    fleet = await startFleet({
      seed: 11,
      clock,
      timing: { pingIntervalMs: 60_000 },
      phones: [
        { id: 'p1', gateway: 'sms-gate', sims: [{ number: '+15550000001' }] },
        { id: 'h1', gateway: 'httpsms', sims: [{ number: '+15550001001' }] },
      ],
    });
    const sg = fleet.gateways['sms-gate'];
    const r = await fetch(`${sg.baseUrl}/3rdparty/v1/webhooks`, {
      method: 'POST',
      headers: { authorization: basicAuth(sg.credentials), 'content-type': 'application/json' },
      body: JSON.stringify({ url: rx.url, event: 'system:ping' }),
    });
    expect(r.status).toBe(201);
    const hs = fleet.gateways.httpsms;
    const h = await fetch(`${hs.baseUrl}/v1/webhooks`, {
      method: 'POST',
      headers: { 'x-api-key': hs.credentials.apiKey!, 'content-type': 'application/json' },
      body: JSON.stringify({
        url: rx.url,
        signing_key: 'httpsms-signing-key-123',
        phone_numbers: ['+15550001001'],
        events: ['phone.heartbeat.offline', 'phone.heartbeat.online'],
      }),
    });
    expect(h.status).toBe(200);
  });
  afterAll(async () => {
    await fleet.close();
    await rx.close();
  });

  const pings = () =>
    rx.received.map((r) => r.json as Ping).filter((p) => p.event === 'system:ping' && p.deviceId === 'p1');
  const cloudEvents = () => rx.received.map((r) => r.json as CloudEvent).filter((e) => e.type?.startsWith('phone.'));

  it("sends system:ping with the app's health checks every interval of sim time", async () => {
    fleet.phone('p1').setBattery(14, true);
    await clock.advance(180_000);
    expect(pings()).toHaveLength(3);
    const checks = pings()[2]!.payload.health!.checks;
    expect(checks['battery:level']!.observedValue).toBe(14);
    expect(checks['battery:charging']!.observedValue).toBe(5);
    expect(checks['connection:status']!.observedValue).toBe(1);
  });

  it('stops the pings while the heartbeat is stopped, the phone still online, and resumes them', async () => {
    const before = pings().length;
    fleet.phone('p1').setHeartbeat(false);
    await clock.advance(600_000);
    expect(pings()).toHaveLength(before);
    expect(fleet.phone('p1').isOnline()).toBe(true);
    fleet.phone('p1').setHeartbeat(true);
    await clock.advance(60_000);
    expect(pings()).toHaveLength(before + 1);
  });

  it("has httpSMS's server report a stopped heartbeat and its return", async () => {
    fleet.phone('h1').setHeartbeat(false);
    await clock.advance(1_000);
    expect(cloudEvents().map((e) => e.type)).toEqual(['phone.heartbeat.offline']);
    fleet.phone('h1').setHeartbeat(true);
    await clock.advance(1_000);
    expect(cloudEvents().map((e) => [e.type, e.data.owner])).toEqual([
      ['phone.heartbeat.offline', '+15550001001'],
      ['phone.heartbeat.online', '+15550001001'],
    ]);
  });
});
