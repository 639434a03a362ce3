import pino from 'pino';
import { createFleetRouter, Device, type OutboundEvent, type Store } from '@smsfleet/core';
import { ManualClock, storeCases } from '../testing';
import { HealthMonitor } from './health-monitor';
import { recordHeartbeat } from './record-heartbeat';

const MIN = 60_000;
const T0 = Date.parse('2026-12-07T09:00:00.000Z');
const device = (id: string) =>
  Device.parse({ id, name: `Phone ${id}`, gateway: 'sms-gate', sims: [{ slot: 1 }], health: 'online' });

// Two hubs share one store: every offline/online transition must come out as exactly one event, whichever hub sees it.
describe.each(storeCases().map((s) => [s.name, s] as const))('the device health monitor (%s store)', (_name, sc) => {
  let stores: Store[];
  let monitors: HealthMonitor[];
  const clock = new ManualClock(T0);
  const events: OutboundEvent[] = [];
  const now = () => new Date(clock.now());

  beforeAll(async () => {
    stores = await sc.createShared(2);
    monitors = stores.map(
      (store) =>
        new HealthMonitor({
          store,
          router: createFleetRouter({ store }),
          publisher: {
            publish: async (e) => {
              events.push(e);
              return { eventId: e.id, subscriptionIds: [] };
            },
          },
          clock,
          logger: pino({ level: 'silent' }),
          settings: { offlineAfterMs: 30 * MIN },
        }),
    );
    await stores[0]!.devices.put(device('a'));
    await stores[0]!.devices.put(device('b'));
  });
  afterAll(async () => {
    for (const s of new Set(stores)) await s.close();
  });

  const ping = (store: Store, id: string, batteryLevel?: number) =>
    recordHeartbeat(
      { store, router: createFleetRouter({ store }) },
      id,
      {
        kind: 'heartbeat',
        gateway: 'sms-gate',
        deviceId: id,
        online: true,
        periodic: true,
        at: now().toISOString(),
        ...(batteryLevel !== undefined ? { vitals: { batteryLevel } } : {}),
      },
      now(),
    );
  const both = () => Promise.all(monitors.map((m) => m.runOnce(now())));

  it('leaves alone a phone that never sent a heartbeat, and one that keeps pinging', async () => {
    await ping(stores[0]!, 'a', 64);
    clock.set(T0 + 20 * MIN);
    await ping(stores[1]!, 'a');
    clock.set(T0 + 45 * MIN);
    await both();
    expect(events).toEqual([]);
    expect(await stores[0]!.devices.get('a')).toMatchObject({ health: 'online', batteryLevel: 64 });
    expect((await stores[0]!.devices.get('b'))!.health).toBe('online');
  });

  it('marks a silent phone offline once, with one device.offline, when two hubs look at the same moment', async () => {
    clock.set(T0 + 51 * MIN); // a's last sign of life was at 20 min
    await both();
    expect(events.map((e) => [e.type, e.data])).toEqual([
      [
        'device.offline',
        expect.objectContaining({
          deviceId: 'a',
          health: 'offline',
          previousHealth: 'online',
          reason: 'no sign of life for 31 min',
          lastSeenAt: new Date(T0 + 20 * MIN).toISOString(),
          batteryLevel: 64,
        }),
      ],
    ]);
    const a = (await stores[1]!.devices.get('a'))!;
    expect(a).toMatchObject({ health: 'offline', healthChangedAt: new Date(T0 + 51 * MIN).toISOString() });
    expect(a.healthChanges).toBeUndefined();
    clock.set(T0 + 80 * MIN);
    await both();
    expect(events).toHaveLength(1);
  });

  it('brings it back on its next heartbeat with one device.online', async () => {
    clock.set(T0 + 90 * MIN);
    const [back1, back2] = await Promise.all([ping(stores[0]!, 'a'), ping(stores[1]!, 'a')]);
    expect([back1!.health, back2!.health]).toEqual(['online', 'online']);
    await both();
    expect(events.map((e) => e.type)).toEqual(['device.offline', 'device.online']);
    expect(events[1]!.data).toMatchObject({ deviceId: 'a', previousHealth: 'offline', health: 'online' });
    expect(new Set(events.map((e) => e.id)).size).toBe(2);
  });

  it('publishes a change a hub claimed and then died with, once its claim has expired', async () => {
    await stores[0]!.devices.update('b', (d) => ({
      ...d,
      health: 'offline',
      healthChanges: [
        { eventId: 'evt_b_1', health: 'offline', previousHealth: 'online', at: now().toISOString(), reason: 'x' },
      ],
      healthChangesClaimedUntil: new Date(clock.now() + MIN).toISOString(),
    }));
    await both();
    expect(events.map((e) => e.id)).not.toContain('evt_b_1');
    clock.set(clock.now() + MIN);
    await both();
    expect(events.filter((e) => e.id === 'evt_b_1')).toHaveLength(1);
  });
});
