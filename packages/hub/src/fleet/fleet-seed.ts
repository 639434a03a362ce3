import type { Device, Store } from '@smsfleet/core';
import type { FleetConfig } from './fleet-config';

/**
 * Write the fleet file into the store: its connections and devices are upserted (the file wins for what it names;
 * the health a device already has is kept), and nothing else is touched, so phones added at runtime survive a
 * restart with the file.
 */
export async function seedFleet(config: FleetConfig, store: Pick<Store, 'connections' | 'devices'>): Promise<void> {
  for (const c of config.connections) await store.connections.put(c);
  for (const d of config.devices) {
    const gateway = config.connections.find((c) => c.id === d.connectionId)!.connection.kind;
    const { id: _id, ...settings } = d;
    const fromFile = { ...settings, gateway };
    const r = await store.devices.update(d.id, (cur) => {
      const { gatewayDeviceId: _g, timeZone: _z, ...rest } = cur;
      return { ...rest, ...fromFile };
    });
    if (r) continue;
    const device: Device = { ...d, gateway, health: 'online', consecutiveFailures: 0 };
    await store.devices.put(device);
  }
}
