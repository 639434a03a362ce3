import {
  type Connection,
  createGatewayAdapter,
  type DeliveryGuarantee,
  type Device,
  type GatewayAdapter,
  type GatewayKind,
} from '@smsfleet/core';
import type { FleetConfig, FleetDevice } from './fleet-config';
import { ownWebhookFilter } from './webhook-filter';

/** A connection with its adapter, and the key that says when the adapter must be rebuilt. */
export interface ConnectionEntry {
  gateway: GatewayKind;
  adapter: GatewayAdapter;
  delivery: DeliveryGuarantee;
  /** The connection as the adapter was made from it (with its webhook filter); a change makes a new adapter. */
  key: string;
}

/** One reading of the fleet from the store. */
export interface FleetSnapshot {
  config: FleetConfig;
  byConnection: Map<string, ConnectionEntry>;
}

/** A stored device as the fleet file spells it, or undefined for one no connection of this fleet reaches. */
export function asFleetDevice(d: Device, connections: ReadonlySet<string>): FleetDevice | undefined {
  if (!d.connectionId || !connections.has(d.connectionId)) return undefined;
  return {
    id: d.id,
    name: d.name,
    connectionId: d.connectionId,
    sims: d.sims,
    ...(d.gatewayDeviceId ? { gatewayDeviceId: d.gatewayDeviceId } : {}),
  };
}

/**
 * Build a snapshot from stored connections and devices, keeping the adapters of `previous` whose connection did not
 * change (an adapter may hold state worth keeping, such as a confirmed webhook).
 */
export function buildSnapshot(
  connections: readonly Connection[],
  devices: readonly Device[],
  previous: FleetSnapshot | undefined,
  deps: { fetch?: typeof fetch; timeoutMs?: number },
): FleetSnapshot {
  const ids = new Set(connections.map((c) => c.id));
  const fleetDevices = devices.map((d) => asFleetDevice(d, ids)).filter((d): d is FleetDevice => d !== undefined);
  const byConnection = new Map<string, ConnectionEntry>();
  for (const c of connections) {
    // Each connection's webhooks are registered for its own phones only (see webhook-filter.ts).
    const conn = ownWebhookFilter(
      c.connection,
      fleetDevices.filter((d) => d.connectionId === c.id),
    );
    const key = JSON.stringify([conn, c.delivery]);
    const old = previous?.byConnection.get(c.id);
    byConnection.set(
      c.id,
      old && old.key === key
        ? old
        : { gateway: c.connection.kind, adapter: createGatewayAdapter(conn, { ...deps }), delivery: c.delivery, key },
    );
  }
  return { config: { connections: [...connections], devices: fleetDevices }, byConnection };
}
