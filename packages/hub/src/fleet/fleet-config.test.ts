import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMemoryStore, isSmsfleetError } from '@smsfleet/core';
import { FleetConfig } from './fleet-config';
import { FleetRegistry } from './fleet-registry';

describe('fleet config', () => {
  it('accepts the example in the hub README', () => {
    const md = readFileSync(join(__dirname, '../../README.md'), 'utf8');
    const json = /### The fleet file[\s\S]*?```json\n([\s\S]*?)```/.exec(md)![1]!.replaceAll('…', 'secret');
    expect(FleetConfig.safeParse(JSON.parse(json)).success).toBe(true);
  });

  it('names every bad field at once and writes no device', async () => {
    const store = createMemoryStore();
    let err: unknown;
    try {
      await FleetRegistry.create(
        {
          connections: [{ id: 'Bad Id', connection: { kind: 'textbee', apiKey: 'k', webhookSigningSecret: 's' } }],
          devices: [
            { id: 'a', name: 'A', connectionId: 'nope', sims: [{ slot: 1 }] },
            { id: 'a', name: 'A2', connectionId: 'nope', sims: [] },
          ],
        },
        store,
      );
    } catch (e) {
      err = e;
    }
    expect(isSmsfleetError(err, 'SMSFLEET_ERR_VALIDATION')).toBe(true);
    const fields = (err as { issues: Array<{ field: string }> }).issues.map((i) => i.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'fleet.connections.0.id',
        'fleet.devices.1.sims',
        'fleet.devices.0.connectionId',
        'fleet.devices.1.id',
      ]),
    );
    expect(await store.devices.list()).toEqual([]);
  });

  it('keeps the health a device already has in the store', async () => {
    const store = createMemoryStore();
    const cfg = {
      connections: [{ id: 'tb', connection: { kind: 'textbee' as const, apiKey: 'k', webhookSigningSecret: 's' } }],
      devices: [{ id: 'p', name: 'P', connectionId: 'tb', gatewayDeviceId: 'p', sims: [{ slot: 1 }] }],
    };
    await FleetRegistry.create(cfg, store);
    await store.devices.update('p', (d) => ({ ...d, health: 'offline', consecutiveFailures: 3 }));
    const reg = await FleetRegistry.create(cfg, store);
    expect(await store.devices.get('p')).toMatchObject({ health: 'offline', consecutiveFailures: 3 });
    expect(reg.deviceIdFor('tb', 'p')).toBe('p');
    expect(() => reg.forDevice('zz')).toThrow(expect.objectContaining({ code: 'SMSFLEET_ERR_UNKNOWN_DEVICE' }));
  });

  it("narrows each connection's webhooks to its own phones, and names a report's phone only among them", async () => {
    const store = createMemoryStore();
    const sg = (user: string) => ({
      kind: 'sms-gate' as const,
      auth: { type: 'basic' as const, username: user, password: 'p' },
      webhookSigningKey: `k-${user}`,
    });
    const reg = await FleetRegistry.create(
      {
        connections: [
          { id: 'sg-a', connection: sg('a') },
          { id: 'sg-c', connection: sg('c') },
          { id: 'hs', connection: { kind: 'httpsms', apiKey: 'k', webhookSigningKey: 's' } },
        ],
        devices: [
          { id: 'a', name: 'A', connectionId: 'sg-a', gatewayDeviceId: 'gw-a', sims: [{ slot: 1 }] },
          { id: 'c', name: 'C', connectionId: 'sg-c', gatewayDeviceId: 'gw-c', sims: [{ slot: 1 }] },
          { id: 'm', name: 'M', connectionId: 'hs', sims: [{ slot: 1, number: '+15550300001' }] },
        ],
      },
      store,
    );
    const conn = (id: string) => (reg.forConnection(id)!.adapter as unknown as { conn: Record<string, unknown> }).conn;
    expect(conn('sg-a').webhookDeviceId).toBe('gw-a');
    expect(conn('sg-c').webhookDeviceId).toBe('gw-c');
    expect(conn('hs').webhookPhoneNumbers).toEqual(['+15550300001']);
    expect(reg.connectionOf('c')).toBe('sg-c');
    expect(reg.ownDevice('sg-a', { deviceId: 'gw-a' })).toBe('a');
    expect(reg.ownDevice('sg-a', { deviceId: 'gw-c' })).toBeUndefined(); // another connection's phone
    // a phone the config does not give this connection
    expect(reg.ownDevice('sg-a', { deviceId: 'gw-x' })).toBeUndefined();
    expect(reg.ownDevice('hs', { deviceId: 'uuid-of-httpsms', to: '+15550300001' })).toBe('m');
    expect(reg.ownDevice('hs', { to: '+15550999999' })).toBeUndefined();
  });

  it('delivers at-most-once unless a connection asks for at-least-once, and names a bad choice', async () => {
    const conn = (delivery?: string) => ({
      connections: [
        {
          id: 'tb',
          connection: { kind: 'textbee' as const, apiKey: 'k', webhookSigningSecret: 's' },
          ...(delivery ? { delivery } : {}),
        },
      ],
      devices: [{ id: 'p', name: 'P', connectionId: 'tb', gatewayDeviceId: 'p', sims: [{ slot: 1 }] }],
    });
    expect((await FleetRegistry.create(conn() as never, createMemoryStore())).forDevice('p').delivery).toBe(
      'at-most-once',
    );
    expect(
      (await FleetRegistry.create(conn('at-least-once') as never, createMemoryStore())).forDevice('p').delivery,
    ).toBe('at-least-once');
    await expect(FleetRegistry.create(conn('twice') as never, createMemoryStore())).rejects.toMatchObject({
      issues: [expect.objectContaining({ field: 'fleet.connections.0.delivery' })],
    });
  });
});
