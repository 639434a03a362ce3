import {
  createGatewayAdapter,
  parseOrThrow,
  SmsfleetError,
  type DeliveryGuarantee,
  type Device,
  type GatewayAdapter,
  type GatewayKind,
  type Store,
} from '@smsfleet/core';
import { FleetConfig, type FleetConfigInput } from './fleet-config';
import { ownWebhookFilter } from './webhook-filter';

/** A phone with the adapter that reaches it. */
export interface FleetEntry {
  deviceId: string;
  connectionId: string;
  gateway: GatewayKind;
  adapter: GatewayAdapter;
  /** What to do with a hand-over the gateway cannot confirm (the connection's `delivery`). */
  delivery: DeliveryGuarantee;
}

/**
 * The fleet registry: the phones the hub drives, in `store.devices` (health already stored is kept, so a
 * restart or a second hub does not reset it), and one gateway adapter per connection.
 */
export class FleetRegistry {
  private readonly byDevice = new Map<string, FleetEntry>();
  private readonly byConnection = new Map<
    string,
    { gateway: GatewayKind; adapter: GatewayAdapter; delivery: DeliveryGuarantee }
  >();

  private constructor(readonly config: FleetConfig) {}

  /** Validate `input` (every problem at once, naming the field), build adapters, and upsert the devices. */
  static async create(
    input: FleetConfigInput,
    store: Store,
    deps: { fetch?: typeof fetch; timeoutMs?: number } = {},
  ): Promise<FleetRegistry> {
    const config = parseOrThrow(FleetConfig, input, 'fleet');
    const reg = new FleetRegistry(config);
    for (const c of config.connections) {
      // Each connection's webhooks are registered for its own phones only (see webhook-filter.ts).
      const conn = ownWebhookFilter(
        c.connection,
        config.devices.filter((d) => d.connectionId === c.id),
      );
      reg.byConnection.set(c.id, {
        gateway: c.connection.kind,
        adapter: createGatewayAdapter(conn, { ...deps }),
        delivery: c.delivery,
      });
    }
    for (const d of config.devices) {
      const conn = reg.byConnection.get(d.connectionId)!;
      reg.byDevice.set(d.id, {
        deviceId: d.id,
        connectionId: d.connectionId,
        gateway: conn.gateway,
        adapter: conn.adapter,
        delivery: conn.delivery,
      });
      const existing = await store.devices.get(d.id);
      const device: Device = {
        id: d.id,
        name: d.name,
        gateway: conn.gateway,
        sims: d.sims,
        ...(d.gatewayDeviceId ? { gatewayDeviceId: d.gatewayDeviceId } : {}),
        ...(d.timeZone ? { timeZone: d.timeZone } : {}),
        health: existing?.health ?? 'online',
        consecutiveFailures: existing?.consecutiveFailures ?? 0,
        ...(existing?.lastSeenAt ? { lastSeenAt: existing.lastSeenAt } : {}),
      };
      await store.devices.put(device);
    }
    return reg;
  }

  /** The adapter for a phone; SMSFLEET_ERR_UNKNOWN_DEVICE for one the fleet does not have. */
  forDevice(deviceId: string): FleetEntry {
    const e = this.byDevice.get(deviceId);
    if (!e)
      throw new SmsfleetError('SMSFLEET_ERR_UNKNOWN_DEVICE', `No device ${deviceId} in the fleet.`, {
        field: 'deviceId',
        reason: 'no such device',
      });
    return e;
  }

  /** The adapter behind an ingress connection id, or undefined. */
  forConnection(connectionId: string): { gateway: GatewayKind; adapter: GatewayAdapter } | undefined {
    return this.byConnection.get(connectionId);
  }

  /** The fleet device id for a gateway's own device id on one connection. */
  deviceIdFor(connectionId: string, gatewayDeviceId: string | undefined): string | undefined {
    const onConn = this.config.devices.filter((d) => d.connectionId === connectionId);
    if (gatewayDeviceId) {
      const hit = onConn.find((d) => d.gatewayDeviceId === gatewayDeviceId || d.id === gatewayDeviceId);
      if (hit) return hit.id;
    }
    return onConn.length === 1 ? onConn[0]!.id : undefined;
  }

  /** The connection a fleet device is reached through, or undefined for a device the fleet does not have. */
  connectionOf(deviceId: string): string | undefined {
    return this.byDevice.get(deviceId)?.connectionId;
  }

  /**
   * The fleet device a verified report on `connectionId` speaks for, strictly: a device OF that connection named by
   * the report's gateway device id or by the SIM number it says it reached (`to`). A connection with one phone
   * stands for it when the report names no device, or names one the config gives no gateway id to compare with.
   * Undefined otherwise: a report from connection X never speaks for a phone of another connection.
   */
  ownDevice(
    connectionId: string,
    said: { deviceId?: string | undefined; to?: string | undefined },
  ): string | undefined {
    const onConn = this.config.devices.filter((d) => d.connectionId === connectionId);
    if (said.deviceId) {
      const hit = onConn.find((d) => d.gatewayDeviceId === said.deviceId || d.id === said.deviceId);
      if (hit) return hit.id;
    }
    if (said.to) {
      const hit = onConn.find((d) => d.sims.some((s) => s.number === said.to));
      if (hit) return hit.id;
    }
    const only = onConn.length === 1 ? onConn[0]! : undefined;
    if (!only) return undefined;
    // Naming a phone of another connection is never this connection's phone speaking.
    if (
      said.deviceId &&
      this.config.devices.some(
        (d) => d.connectionId !== connectionId && (d.gatewayDeviceId === said.deviceId || d.id === said.deviceId),
      )
    )
      return undefined;
    if (said.deviceId && only.gatewayDeviceId) return undefined;
    if (said.to && only.sims.every((s) => s.number) && !only.sims.some((s) => s.number === said.to)) return undefined;
    return only.id;
  }

  /** Register `<publicUrl>/ingress/<connectionId>` with every gateway (idempotent). */
  async registerWebhooks(publicUrl: string): Promise<void> {
    const base = publicUrl.replace(/\/+$/, '');
    for (const [id, c] of this.byConnection) await c.adapter.registerWebhooks(`${base}/ingress/${id}`);
  }
}
