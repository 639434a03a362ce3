import {
  type DeliveryGuarantee,
  type GatewayAdapter,
  type GatewayKind,
  parseOrThrow,
  SmsfleetError,
  type Store,
  unregisterWebhooks,
} from '@smsfleet/core';
import { FleetConfig, type FleetConfigInput, type FleetDevice } from './fleet-config';
import { seedFleet } from './fleet-seed';
import { buildSnapshot, type FleetSnapshot } from './fleet-snapshot';

/** A phone with the adapter that reaches it. */
export interface FleetEntry {
  deviceId: string;
  connectionId: string;
  gateway: GatewayKind;
  adapter: GatewayAdapter;
  /** What to do with a hand-over the gateway cannot confirm (the connection's `delivery`). */
  delivery: DeliveryGuarantee;
}

/** What the registry needs to build adapters. */
export interface FleetRegistryDeps {
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/**
 * The fleet registry: the phones the hub drives and one gateway adapter per connection, read from the store
 * (`store.connections` and the devices that name a connection). `reload()` reads them again (the fleet watcher calls
 * it when another hub announces a change, and every so often); every user holds this one object, so the send
 * pipeline, ingress and reconcile always see the current fleet. A device removed at runtime stays reachable here
 * ("retired", never routed to: the router reads the store) while its connection exists, so reports and lookups of the
 * texts it already took still find it.
 */
export class FleetRegistry {
  private snap: FleetSnapshot = { config: { connections: [], devices: [] }, byConnection: new Map() };
  private readonly retired = new Map<string, FleetDevice>();
  private loading: Promise<void> | undefined;
  private again = false;
  private readonly listeners = new Set<() => void>();
  private publicUrl: string | undefined;

  private constructor(
    private readonly store: Pick<Store, 'connections' | 'devices'>,
    private readonly deps: FleetRegistryDeps,
  ) {}

  /**
   * The registry of `store`'s fleet. With a fleet file (`input`), validate it first (every problem at once, naming the
   * field, nothing written on a problem) and upsert it into the store (see fleet-seed.ts).
   */
  static async create(
    input: FleetConfigInput | undefined,
    store: Pick<Store, 'connections' | 'devices'>,
    deps: FleetRegistryDeps = {},
  ): Promise<FleetRegistry> {
    if (input !== undefined) await seedFleet(parseOrThrow(FleetConfig, input, 'fleet'), store);
    const reg = new FleetRegistry(store, deps);
    await reg.reload();
    return reg;
  }

  /** The fleet as last read, in the fleet file's shape (secrets included: never answer it to a client). */
  get config(): FleetConfig {
    return this.snap.config;
  }

  /** Read the fleet from the store again. Calls made while one runs share one more read after it (none is lost). */
  reload(): Promise<void> {
    if (this.loading) {
      this.again = true;
      return this.loading;
    }
    this.loading = (async () => {
      try {
        do {
          this.again = false;
          const [connections, devices] = await Promise.all([this.store.connections.list(), this.store.devices.list()]);
          const next = buildSnapshot(connections, devices, this.snap, this.deps);
          const now = new Set(next.config.devices.map((d) => d.id));
          for (const d of this.snap.config.devices) if (!now.has(d.id)) this.retired.set(d.id, d);
          for (const id of [...this.retired.keys()])
            if (now.has(id) || !next.byConnection.has(this.retired.get(id)!.connectionId)) this.retired.delete(id);
          this.snap = next;
        } while (this.again);
      } finally {
        this.loading = undefined;
      }
      for (const l of [...this.listeners]) l();
    })();
    return this.loading;
  }

  /** Call `fn` after every reload (tests wait on it; the dashboard could too). Returns the unsubscribe. */
  onReload(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private device(id: string): FleetDevice | undefined {
    return this.snap.config.devices.find((d) => d.id === id) ?? this.retired.get(id);
  }

  /** Devices of one connection: the current ones, then the retired ones. */
  private onConnection(connectionId: string): FleetDevice[] {
    return [...this.snap.config.devices, ...this.retired.values()].filter((d) => d.connectionId === connectionId);
  }

  /** The adapter for a phone; SMSFLEET_ERR_UNKNOWN_DEVICE for one the fleet does not have. */
  forDevice(deviceId: string): FleetEntry {
    const d = this.device(deviceId);
    const c = d && this.snap.byConnection.get(d.connectionId);
    if (!d || !c)
      throw new SmsfleetError('SMSFLEET_ERR_UNKNOWN_DEVICE', `No device ${deviceId} in the fleet.`, {
        field: 'deviceId',
        reason: 'no such device',
      });
    return { deviceId, connectionId: d.connectionId, gateway: c.gateway, adapter: c.adapter, delivery: c.delivery };
  }

  /** Whether the fleet has this phone now (not retired). */
  has(deviceId: string): boolean {
    return this.snap.config.devices.some((d) => d.id === deviceId);
  }

  /** The adapter behind an ingress connection id, or undefined. */
  forConnection(connectionId: string): { gateway: GatewayKind; adapter: GatewayAdapter } | undefined {
    return this.snap.byConnection.get(connectionId);
  }

  /** The fleet device id for a gateway's own device id on one connection. */
  deviceIdFor(connectionId: string, gatewayDeviceId: string | undefined): string | undefined {
    const onConn = this.onConnection(connectionId);
    if (gatewayDeviceId) {
      const hit = onConn.find((d) => d.gatewayDeviceId === gatewayDeviceId || d.id === gatewayDeviceId);
      if (hit) return hit.id;
    }
    return onConn.length === 1 ? onConn[0]!.id : undefined;
  }

  /** The connection a fleet device is reached through, or undefined for a device the fleet does not have. */
  connectionOf(deviceId: string): string | undefined {
    return this.device(deviceId)?.connectionId;
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
    const onConn = this.onConnection(connectionId);
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
    const all = [...this.snap.config.devices, ...this.retired.values()];
    if (
      said.deviceId &&
      all.some(
        (d) => d.connectionId !== connectionId && (d.gatewayDeviceId === said.deviceId || d.id === said.deviceId),
      )
    )
      return undefined;
    if (said.deviceId && only.gatewayDeviceId) return undefined;
    if (said.to && only.sims.every((s) => s.number) && !only.sims.some((s) => s.number === said.to)) return undefined;
    return only.id;
  }

  /** Register `<publicUrl>/ingress/<connectionId>` with every gateway (idempotent); remembered for later changes. */
  async registerWebhooks(publicUrl: string): Promise<void> {
    this.publicUrl = publicUrl;
    for (const id of this.snap.byConnection.keys()) await this.registerWebhook(id);
  }

  /**
   * Register one connection's webhook (after it was added, or its phones changed, which may narrow its filter). A
   * no-op before {@link registerWebhooks} gave the public URL (tests, and hubs that do not register).
   */
  async registerWebhook(connectionId: string): Promise<void> {
    const c = this.snap.byConnection.get(connectionId);
    if (!c || this.publicUrl === undefined) return;
    await c.adapter.registerWebhooks(`${this.publicUrl.replace(/\/+$/, '')}/ingress/${connectionId}`);
  }

  /**
   * Delete a connection's webhooks at its gateway (before the connection is removed), where the gateway has an API
   * for it. A no-op before {@link registerWebhooks} gave the public URL.
   */
  async unregisterWebhook(connectionId: string): Promise<void> {
    const c = this.snap.config.connections.find((x) => x.id === connectionId);
    if (!c || this.publicUrl === undefined) return;
    const url = `${this.publicUrl.replace(/\/+$/, '')}/ingress/${connectionId}`;
    await unregisterWebhooks(c.connection, url, this.deps);
  }
}
