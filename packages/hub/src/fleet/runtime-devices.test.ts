import type { Message, Store } from '@smsfleet/core';
import { startFleet, type Fleet, type PhoneSpec } from '@smsfleet/fleet-sim';
import { buildApp } from '../app';
import { createApiKey } from '../auth/api-keys';
import { FAST, fleetConfigFromSim, ManualClock, storeCases, testConfig } from '../testing';
import { listenOnFreePort } from '../testing/listen-free';
import { until } from '../testing/until';
import type { HubApp } from '../types';
import { FleetRegistry } from './fleet-registry';

const PHONES: PhoneSpec[] = [
  { id: 'tb-one', gateway: 'textbee', sims: [{ number: '+15550700001' }] },
  { id: 'tb-two', gateway: 'textbee', sims: [{ number: '+15550700002' }] },
];

/** Resolves at the first reload of `reg` after which `check` holds (an event, not a time margin). */
const reloaded = (reg: FleetRegistry, check: () => boolean) =>
  new Promise<void>((resolve) => {
    const off = reg.onReload(() => {
      if (!check()) return;
      off();
      resolve();
    });
  });

/**
 * Two hubs on one store, one clock that moves only when the test moves it: hub A takes the API calls (no workers),
 * hub B sends. The fleet file names one phone; the second is added and removed through hub A at runtime.
 */
describe.each(storeCases().map((s) => [s.name, s] as const))('phones added at runtime (%s store)', (_name, sc) => {
  let fleet: Fleet;
  let a: HubApp;
  let b: HubApp;
  let stores: Store[];
  let auth: { authorization: string };
  const clock = new ManualClock();
  const get = async (id: string) => (await stores[0]!.messages.get(id))!;

  beforeAll(async () => {
    fleet = await startFleet({ seed: 22, phones: PHONES, timing: FAST });
    const full = fleetConfigFromSim(fleet);
    const file = { connections: full.connections, devices: full.devices.filter((d) => d.id !== 'tb-two') };
    stores = await sc.createShared(2);
    a = buildApp({
      config: testConfig(),
      store: stores[0]!,
      clock,
      runWorkers: false,
      processMetrics: false,
      fleet: await FleetRegistry.create(file, stores[0]!),
    });
    await a.ready();
    // Hub B listens, and the gateway reports to it: a text the phone took becomes `sent` by its report.
    const regB = await FleetRegistry.create(file, stores[1]!);
    const listening = await listenOnFreePort((_port, url) =>
      buildApp({
        config: testConfig({ SMSFLEET_PUBLIC_URL: url }),
        store: stores[1]!,
        clock,
        processMetrics: false,
        fleet: regB,
      }),
    );
    b = listening.app;
    await regB.registerWebhooks(listening.base);
    auth = { authorization: `Bearer ${(await createApiKey(stores[0]!, 'ops')).key}` };
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await fleet?.close();
    for (const s of new Set(stores)) await s.close();
  });

  const send = async (app: HubApp, body: object): Promise<Message> => {
    const res = await app.inject({ method: 'POST', url: '/v1/messages', headers: auth, payload: body });
    expect(res.statusCode).toBe(202);
    return res.json<Message>();
  };

  it('a phone added through hub A takes traffic on hub B, the clock standing still', async () => {
    const t = clock.now();
    expect(b.pipeline.fleet.has('tb-two')).toBe(false);
    const seen = reloaded(b.pipeline.fleet, () => b.pipeline.fleet.has('tb-two'));
    const res = await a.inject({
      method: 'POST',
      url: '/v1/devices',
      headers: auth,
      payload: {
        id: 'tb-two',
        name: 'Second phone',
        connectionId: 'textbee-cloud',
        gatewayDeviceId: 'tb-two',
        sims: [{ slot: 1, number: '+15550700002' }],
      },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ id: 'tb-two', gateway: 'textbee', connectionId: 'textbee-cloud' });
    await seen; // the signal, not the periodic re-read: the clock did not move
    const m = await send(b, { to: '+14155550123', body: 'From the new phone', deviceId: 'tb-two' });
    await until('hub B to hand it to tb-two', async () => (await get(m.id)).from?.deviceId === 'tb-two', 30_000);
    await until('the phone to have it', () =>
      fleet.truth.messages({ phoneId: 'tb-two' }).some((x) => x.recipient === '+14155550123'),
    );
    expect(clock.now()).toBe(t);
  });

  it('removing it moves its queued texts to the other phone and fails the ones pinned to it, coded', async () => {
    // The phone's first text must be sent first: until then the hub refuses to forget the phone (DEVICE_BUSY).
    const first = (await stores[0]!.messages.list({ deviceId: 'tb-two' })).items[0]!;
    await until(
      'the first text to be reported sent',
      async () => ['sent', 'delivered'].includes((await get(first.id)).status),
      30_000,
    );
    const dueAt = clock.now() + 60_000;
    const sendAt = new Date(dueAt).toISOString();
    const pinned = await send(a, { to: '+14155550124', body: 'Pinned', deviceId: 'tb-two', sendAt });
    const free = await send(a, { to: '+14155550125', body: 'Free', sendAt });
    const gone = reloaded(b.pipeline.fleet, () => !b.pipeline.fleet.has('tb-two'));
    const res = await a.inject({ method: 'DELETE', url: '/v1/devices/tb-two', headers: auth });
    expect(res.statusCode).toBe(204);
    await gone;
    clock.set(dueAt);
    const failed = await until(
      'the pinned text to fail',
      async () => {
        const m = await get(pinned.id);
        return m.status === 'failed' ? m : undefined;
      },
      30_000,
    );
    expect(failed.failure).toMatchObject({ code: 'SMSFLEET_DEVICE_REMOVED', permanent: true });
    await until(
      'the free text to leave from tb-one',
      async () => (await get(free.id)).from?.deviceId === 'tb-one',
      30_000,
    );
    expect(fleet.truth.messages({ phoneId: 'tb-two' }).filter((x) => x.recipient !== '+14155550123')).toEqual([]);
    // Both texts are accounted for: none was dropped.
    expect((await get(free.id)).status).not.toBe('failed');
  });
});
