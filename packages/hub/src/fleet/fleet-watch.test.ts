import { createMemoryStore, type Device, type Signals } from '@smsfleet/core';
import { ManualClock } from '../testing';
import { until } from '../testing/until';
import { FleetRegistry } from './fleet-registry';
import { announceFleetChange, watchFleet } from './fleet-watch';

const FILE = {
  connections: [
    {
      id: 'tb',
      connection: { kind: 'textbee' as const, apiKey: 'k', webhookSigningSecret: 's' },
    },
  ],
  devices: [{ id: 'a', name: 'A', connectionId: 'tb', gatewayDeviceId: 'a', sims: [{ slot: 1 }] }],
};
const phone = (id: string): Device => ({
  id,
  name: id,
  gateway: 'textbee',
  connectionId: 'tb',
  gatewayDeviceId: id,
  sims: [{ slot: 1, segmentsPerMinute: 30, enabled: true }],
  health: 'online',
  consecutiveFailures: 0,
});

describe('the fleet follows the store', () => {
  it('reloads on a signal, and without one at the next period of its clock', async () => {
    const store = createMemoryStore();
    const reg = await FleetRegistry.create(FILE, store);
    const clock = new ManualClock();
    // Signals that lose everything: only the periodic re-read can bring the change.
    const deaf: Pick<Signals, 'subscribe'> = { subscribe: async () => async () => undefined };
    const stopDeaf = await watchFleet({ registry: reg, signals: deaf, clock, everyMs: 30_000 });
    await store.devices.put(phone('b'));
    await until('the watcher to sleep', () => clock.sleepCount >= 1);
    clock.advance(29_999);
    expect(reg.has('b')).toBe(false);
    clock.advance(1);
    await until('the periodic re-read', () => reg.has('b'));
    await stopDeaf();

    const reg2 = await FleetRegistry.create(undefined, store);
    const stop = await watchFleet({ registry: reg2, signals: store.signals, clock, everyMs: 30_000 });
    await store.devices.put(phone('c'));
    await announceFleetChange(store.signals, 'device:c');
    await until('the signal to reload it', () => reg2.has('c'));
    await stop();
  });

  it('seeds from the file keeping runtime additions, and keeps a removed phone for its reports', async () => {
    const store = createMemoryStore();
    const reg = await FleetRegistry.create(FILE, store);
    await store.devices.put(phone('b'));
    await FleetRegistry.create(FILE, store); // a restart with the same file
    expect((await store.devices.list()).map((d) => d.id)).toEqual(['a', 'b']);
    await reg.reload();
    expect(reg.ownDevice('tb', { deviceId: 'b' })).toBe('b');
    await store.devices.delete('b');
    await reg.reload();
    expect(reg.has('b')).toBe(false);
    // Retired: a late report of a text b sent still finds it, and so does a lookup of that text.
    expect(reg.ownDevice('tb', { deviceId: 'b' })).toBe('b');
    expect(reg.forDevice('b').connectionId).toBe('tb');
  });
});
