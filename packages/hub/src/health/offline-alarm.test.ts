import type { Message, OutboundEvent, StatusEvent, Store } from '@smsfleet/core';
import { verifyWebhook } from '@smsfleet/client';
import { holdStore } from '@smsfleet/core/testing';
import { startFleet, VirtualSimClock, type Fleet } from '@smsfleet/fleet-sim';
import { buildApp } from '../app';
import { createApiKey } from '../auth/api-keys';
import { FleetRegistry } from '../fleet';
import { fleetConfigFromSim, startReceiver, storeCases, testConfig, type WebhookReceiver } from '../testing';
import { listenOnFreePort } from '../testing/listen-free';
import type { HubApp } from '../types';

const MIN = 60_000;
const OFFLINE_AFTER = 5 * MIN;
const PING_EVERY = MIN;

/**
 * End to end against fleet-sim, the hub and the phones on one simulated clock: a phone's heartbeat stops, the hub
 * marks it offline, a signed `device.offline` reaches a subscriber, and new texts go to the other phone (their
 * timelines name the one routed around); the heartbeat resumes and `device.online` arrives. Time moves only through the
 * simulation's clock; the test waits for events, never for wall-clock margins.
 */
describe.each(storeCases().map((s) => [s.name, s] as const))('offline alarms end to end (%s store)', (_name, sc) => {
  const clock = new VirtualSimClock(Math.floor(Date.now() / 1000) * 1000); // Redis expires keys by its own time
  let store: Store;
  let fleet: Fleet;
  let app: HubApp;
  let base: string;
  let auth: Record<string, string>;
  let receiver: WebhookReceiver;
  const published: OutboundEvent[] = [];
  let secret: string;
  /** The deliveries of `type`, each verified as a subscriber would (signature, and timestamp in simulated time). */
  const got = (type: string) =>
    receiver.received
      .map((r) => ({ r, v: verifyWebhook({ secret, headers: r.headers, rawBody: r.body, now: clock.now() }) }))
      .filter(({ r }) => (JSON.parse(r.body) as OutboundEvent).type === type);

  beforeAll(async () => {
    // Time stands still while the hub awaits the store: under a busy CPU a Redis reply outlasts the clock's idle check.
    store = holdStore(await sc.create(), (work) => clock.hold(work));
    fleet = await startFleet({
      seed: 21,
      clock,
      timing: { pingIntervalMs: PING_EVERY, pickupMs: [50, 100], deliveryMs: [100, 200] },
      phones: [
        { id: 'sg-a', gateway: 'sms-gate', sims: [{ number: '+15550700001' }] },
        { id: 'sg-b', gateway: 'sms-gate', sims: [{ number: '+15550700002' }] },
      ],
    });
    const registry = await FleetRegistry.create(fleetConfigFromSim(fleet), store);
    // Loops that would otherwise wake the clock every few simulated ms sleep long: they are woken by their signals.
    ({ app, base } = await listenOnFreePort((port, url) =>
      buildApp({
        config: testConfig({
          SMSFLEET_PORT: String(port),
          SMSFLEET_PUBLIC_URL: url,
          SMSFLEET_DEVICE_OFFLINE_AFTER: `${OFFLINE_AFTER / MIN}m`,
          SMSFLEET_WEBHOOK_POLL: '1m',
          SMSFLEET_SWEEP_EVERY: '1h',
        }),
        store,
        fleet: registry,
        clock,
        processMetrics: false,
        pipeline: { dispatcher: { idleMs: 10 * MIN }, tracker: { idleMs: 10 * MIN } },
      }),
    ));
    await registry.registerWebhooks(base);
    const { key } = await createApiKey(store, 'health');
    auth = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    receiver = await startReceiver();
    const sub = (await (
      await fetch(`${base}/v1/webhooks`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ url: receiver.url, events: ['device.offline', 'device.online'] }),
      })
    ).json()) as { secret: string };
    secret = sub.secret; // verified in simulated time below (the receiver's own check would use the wall clock)
    await app.webhooks.publisher.onPublished((e) => published.push(e));
  });
  afterAll(async () => {
    await app?.close();
    await fleet?.close();
    await receiver?.close();
    await store?.close();
  });

  const send = async (to: string): Promise<string> => {
    const res = await fetch(`${base}/v1/messages`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ to, body: 'hi' }),
    });
    expect(res.status).toBe(202);
    return ((await res.json()) as Message).id;
  };
  /** The message once it is handed over (the dispatcher does not wait for the clock), with its timeline. */
  const handedOver = async (id: string): Promise<{ message: Message; events: StatusEvent[] }> => {
    for (;;) {
      const body = (await (await fetch(`${base}/v1/messages/${id}`, { headers: auth })).json()) as {
        message: Message;
        events: StatusEvent[];
      };
      if (body.message.handover?.outcome) return body;
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  it('shows both phones online with their battery once they have pinged', async () => {
    await clock.advance(3 * PING_EVERY);
    for (const id of ['sg-a', 'sg-b']) {
      const d = (await store.devices.get(id))!;
      expect(d).toMatchObject({ health: 'online', batteryLevel: 87, charging: false, connectivity: 'cellular' });
      expect(d.lastHeartbeatAt).toBeDefined();
    }
  });

  it('sends a signed device.offline when a heartbeat stops, and routes new texts around the phone', async () => {
    fleet.phone('sg-a').setHeartbeat(false);
    const stoppedAt = clock.now();
    await clock.runUntil(() => published.some((e) => e.type === 'device.offline'), 60 * MIN, 'device.offline');
    await receiver.waitFor(1);
    const [offline] = got('device.offline');
    if (!offline?.v.ok) throw new Error(`device.offline not verified: ${JSON.stringify(offline?.v)}`);
    const e = offline.v.event as unknown as Extract<OutboundEvent, { type: 'device.offline' }>;
    expect(e.data).toMatchObject({
      deviceId: 'sg-a',
      health: 'offline',
      previousHealth: 'online',
      gateway: 'sms-gate',
    });
    expect(offline.v.id).toBe(e.id);
    const silence = Date.parse(e.timestamp) - stoppedAt;
    expect(silence).toBeGreaterThanOrEqual(OFFLINE_AFTER - PING_EVERY); // its last ping came up to a minute earlier
    expect(silence).toBeLessThanOrEqual(OFFLINE_AFTER + PING_EVERY); // found within a check period (50 s)
    expect(got('device.online')).toHaveLength(0);

    const ids = await Promise.all(['+14155550701', '+14155550702', '+14155550703'].map(send));
    for (const id of ids) {
      const { message, events } = await handedOver(id);
      expect(message.handover!.deviceId).toBe('sg-b');
      expect(events.map((x) => x.note ?? '').join('\n')).toContain('routed around sg-a (offline)');
    }
  });

  it('sends device.online once the heartbeat resumes', async () => {
    fleet.phone('sg-a').setHeartbeat(true);
    await clock.runUntil(() => published.some((e) => e.type === 'device.online'), 10 * MIN, 'device.online');
    await receiver.waitFor(2);
    const [online] = got('device.online');
    if (!online?.v.ok) throw new Error(`device.online not verified: ${JSON.stringify(online?.v)}`);
    expect((online.v.event as unknown as OutboundEvent).data).toMatchObject({ deviceId: 'sg-a', health: 'online' });
    expect(got('device.offline')).toHaveLength(1);
    expect((await store.devices.get('sg-a'))!.health).toBe('online');
  });
});
