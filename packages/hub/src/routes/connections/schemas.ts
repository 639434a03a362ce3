import { z } from 'zod';
import { Connection, DiscoveredPhone, GatewayConnection, GatewayKind, doc } from '@smsfleet/core';
import { FleetDevice } from '../../fleet';

/** Names of connection settings that are secrets: written, never answered. */
const SECRET = /^(password|token|apiKey|webhookSigningKey|webhookSigningSecret)$/;

/** A connection as answers show it: the settings without their secrets, and which secrets are set. */
export const ConnectionView = z
  .object({
    id: Connection.shape.id,
    kind: GatewayKind,
    delivery: Connection.shape.delivery,
    settings: doc(z.record(z.string(), z.unknown()), 'The connection settings without their secrets', {
      kind: 'sms-gate',
      mode: 'cloud',
      auth: { type: 'basic', username: 'J3KQ2M' },
    }),
    secrets: doc(z.array(z.string()), 'Secret settings that are set (write-only: send them to change them)', [
      'auth.password',
      'webhookSigningKey',
    ]),
    devices: doc(z.array(z.string()), 'Ids of the devices this connection reaches', ['pixel-7']),
  })
  .describe('A gateway connection, its secrets masked');
export type ConnectionView = z.infer<typeof ConnectionView>;

/** Split a connection's settings into what may be shown and the names of its secrets. */
function mask(o: Record<string, unknown>, path: string, secrets: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (SECRET.test(k)) secrets.push(`${path}${k}`);
    else if (v && typeof v === 'object' && !Array.isArray(v))
      out[k] = mask(v as Record<string, unknown>, `${path}${k}.`, secrets);
    else out[k] = v;
  }
  return out;
}

/** The answer for one stored connection. */
export function connectionView(c: Connection, devices: readonly string[]): ConnectionView {
  const secrets: string[] = [];
  const settings = mask(c.connection as unknown as Record<string, unknown>, '', secrets);
  return { id: c.id, kind: c.connection.kind, delivery: c.delivery, settings, secrets, devices: [...devices] };
}

/** `:id` of a connection. */
export const ConnectionParams = z.strictObject({ id: Connection.shape.id });

/** What PATCH takes: settings merged onto the stored ones (secrets left out stay as they are). */
export const ConnectionPatch = z
  .strictObject({
    delivery: Connection.shape.delivery.unwrap().optional(),
    settings: doc(
      z.record(z.string(), z.unknown()).optional(),
      'Settings to change, merged onto the stored ones (`auth` is replaced whole); the result must be a valid ' +
        'connection of its kind',
      { baseUrl: 'https://sms.example.com/3rdparty/v1' },
    ),
  })
  .describe('Changes to a connection');

/** What discovery takes: new credentials, or an existing connection to look at again. */
export const DiscoverBody = z
  .strictObject({
    connection: GatewayConnection.optional(),
    connectionId: Connection.shape.id.optional(),
  })
  .refine((b) => (b.connection === undefined) !== (b.connectionId === undefined), {
    message: 'give either connection or connectionId',
    path: ['connection'],
  })
  .describe('The gateway account to list phones of');

/** A phone found, and whether the fleet has it already. */
export const DiscoveredView = DiscoveredPhone.extend({
  deviceId: doc(z.string().optional(), 'The fleet device that is this phone, when it is already added', 'pixel-7'),
  suggested: FleetDevice.omit({ connectionId: true })
    .partial({ id: true })
    .describe('A device body to add this phone with (fill in `connectionId`; SIM budgets are defaults)'),
}).describe('A phone found on the gateway account');
