import {
  type Connection,
  createGatewayAdapter,
  type Device,
  type MessageStatus,
  SmsfleetError,
  type Store,
} from '@smsfleet/core';
import type { FleetDevice } from './fleet-config';
import type { FleetRegistry } from './fleet-registry';
import { announceFleetChange } from './fleet-watch';

/** Statuses of a text the phone has taken but not yet sent: removing its phone then would lose track of it. */
const ON_THE_PHONE: MessageStatus[] = ['accepted', 'pending', 'sending'];

/** What the admin needs. */
export interface FleetAdminDeps {
  store: Pick<Store, 'connections' | 'devices' | 'messages' | 'signals'>;
  registry: FleetRegistry;
  /** Told about a webhook registration that failed (the change itself stands; the next one tries again). */
  onWebhookError?: (connectionId: string, e: unknown) => void;
}

const notFound = (what: string, id: string) =>
  new SmsfleetError('SMSFLEET_ERR_NOT_FOUND', `No ${what} ${id}.`, { field: 'id', reason: `no such ${what}` });

/**
 * Changes to the fleet at runtime: write the store, reload this hub's registry, tell the other hubs (signal), and
 * register the gateway webhook of the connection concerned. Queued texts need nothing: the router reads the store,
 * so a removed phone's unpinned texts go to other phones and texts pinned to it fail `SMSFLEET_DEVICE_REMOVED`.
 */
export class FleetAdmin {
  constructor(private readonly deps: FleetAdminDeps) {}

  /** Add a connection; `SMSFLEET_ERR_ALREADY_EXISTS` naming `id` when the id is taken. */
  async addConnection(c: Connection): Promise<Connection> {
    createGatewayAdapter(c.connection); // names a bad field before anything is written
    if (await this.deps.store.connections.get(c.id)) throw exists('connection', c.id);
    await this.deps.store.connections.put(c);
    await this.changed(`connection:${c.id}`, [c.id]);
    return c;
  }

  /** Change a connection (`fn` may run more than once); 404 for an unknown one. */
  async updateConnection(id: string, fn: (c: Connection) => Connection): Promise<Connection> {
    const r = await this.deps.store.connections.update(id, fn);
    if (!r) throw notFound('connection', id);
    await this.changed(`connection:${id}`, [id]);
    return r.value;
  }

  /** Remove a connection that reaches no device (`SMSFLEET_ERR_CONNECTION_IN_USE` otherwise). */
  async removeConnection(id: string): Promise<void> {
    if (!(await this.deps.store.connections.get(id))) throw notFound('connection', id);
    const using = (await this.deps.store.devices.list()).filter((d) => d.connectionId === id).map((d) => d.id);
    if (using.length > 0)
      throw new SmsfleetError(
        'SMSFLEET_ERR_CONNECTION_IN_USE',
        `Connection ${id} still reaches ${using.join(', ')}; remove those devices first.`,
        { field: 'id', reason: `reaches devices ${using.join(', ')}` },
      );
    // The gateway stops sending to an ingress that will refuse everything (where it has an API for it).
    await this.deps.registry.unregisterWebhook(id).catch((e) => this.deps.onWebhookError?.(id, e));
    await this.deps.store.connections.delete(id);
    await this.changed(`connection:${id}`, []);
  }

  /** Add a phone behind an existing connection; the new device starts online with no failures. */
  async addDevice(d: FleetDevice): Promise<Device> {
    const conn = await this.connectionFor(d.connectionId);
    if (await this.deps.store.devices.get(d.id)) throw exists('device', d.id);
    const device: Device = { ...d, gateway: conn.connection.kind, health: 'online', consecutiveFailures: 0 };
    await this.deps.store.devices.put(device);
    await this.changed(`device:${d.id}`, [d.connectionId]);
    return (await this.deps.store.devices.get(d.id)) ?? device;
  }

  /** Change a phone (`fn` may run more than once); its connection, when changed, must exist. */
  async updateDevice(id: string, fn: (d: Device) => Device): Promise<Device> {
    const before = await this.deps.store.devices.get(id);
    if (!before) throw notFound('device', id);
    const probe = fn(before);
    const conn = probe.connectionId ? await this.connectionFor(probe.connectionId) : undefined;
    const r = await this.deps.store.devices.update(id, (cur) => {
      const next = fn(cur);
      return conn ? { ...next, gateway: conn.connection.kind } : next;
    });
    if (!r) throw notFound('device', id);
    const touched = [before.connectionId, r.value.connectionId].filter((c): c is string => !!c);
    await this.changed(`device:${id}`, [...new Set(touched)]);
    return r.value;
  }

  /**
   * Remove a phone. Refused (`SMSFLEET_ERR_DEVICE_BUSY`) while texts it took are not yet sent, so none is lost; its
   * queued texts move to other phones, or fail `SMSFLEET_DEVICE_REMOVED` when they asked for this one.
   */
  async removeDevice(id: string): Promise<void> {
    const d = await this.deps.store.devices.get(id);
    if (!d) throw notFound('device', id);
    const busy = await this.onThePhone(id);
    if (busy > 0)
      throw new SmsfleetError(
        'SMSFLEET_ERR_DEVICE_BUSY',
        `Device ${id} holds ${busy} text(s) it has not sent yet; ` +
          'disable its SIMs and remove it once they are reported.',
        { field: 'id', reason: `${busy} text(s) handed over and not yet sent` },
      );
    await this.deps.store.devices.delete(id);
    await this.changed(`device:${id}`, d.connectionId ? [d.connectionId] : []);
  }

  private async onThePhone(id: string): Promise<number> {
    let n = 0;
    let cursor: string | undefined;
    do {
      const page = await this.deps.store.messages.list(
        { deviceId: id, status: ON_THE_PHONE },
        { limit: 500, ...(cursor ? { cursor } : {}) },
      );
      n += page.items.length;
      cursor = page.nextCursor;
    } while (cursor);
    return n;
  }

  private async connectionFor(id: string): Promise<Connection> {
    const c = await this.deps.store.connections.get(id);
    if (!c)
      throw new SmsfleetError('SMSFLEET_ERR_VALIDATION', `No connection ${id}.`, {
        field: 'connectionId',
        reason: `no connection "${id}"`,
      });
    return c;
  }

  private async changed(what: string, connectionIds: string[]): Promise<void> {
    await this.deps.registry.reload();
    await announceFleetChange(this.deps.store.signals, what);
    for (const c of connectionIds)
      await this.deps.registry.registerWebhook(c).catch((e) => this.deps.onWebhookError?.(c, e));
  }
}

function exists(what: string, id: string): SmsfleetError {
  return new SmsfleetError('SMSFLEET_ERR_ALREADY_EXISTS', `A ${what} ${id} already exists.`, {
    field: 'id',
    reason: `${what} "${id}" already exists`,
  });
}
