import type { Bundle, ZObject } from 'zapier-platform-core';
import { withHub } from '../hub';
import { hookTrigger } from './hook-trigger';

type Obj = Record<string, unknown>;

/** A `device.offline` / `device.online` event's data (or a device of `GET /v1/devices`), flat for a Zap. */
export function deviceHealthItem(d: Obj, eventId?: string): Obj {
  const item: Obj = {
    id: eventId ?? `${d.deviceId ?? d.id}:${d.healthChangedAt ?? d.at ?? ''}`,
    deviceId: d.deviceId ?? d.id,
    name: d.name,
    gateway: d.gateway,
    health: d.health,
    previousHealth: d.previousHealth,
    reason: d.reason,
    lastSeenAt: d.lastSeenAt,
    batteryLevel: d.batteryLevel,
    at: d.at ?? d.healthChangedAt,
  };
  return Object.fromEntries(Object.entries(item).filter(([, v]) => v !== undefined));
}

/** Instant trigger: a phone went offline (no heartbeat for the hub's limit, or its gateway says so). */
export const deviceOffline = hookTrigger({
  key: 'device_offline',
  noun: 'Device',
  label: 'Phone Went Offline',
  description:
    'Triggers when one of your phones goes offline: its heartbeat stopped, its gateway reports it offline, or ' +
    'hand-overs to it keep failing. Texts are routed to the other phones meanwhile.',
  event: 'device.offline',
  shape: deviceHealthItem,
  list: (z: ZObject, bundle: Bundle) =>
    withHub(z, bundle, async (hub) =>
      (await hub.call<{ items: Obj[] }>('GET', '/v1/devices')).items
        .filter((d) => d.health === 'offline')
        .map((d) => deviceHealthItem(d)),
    ),
  sample: {
    id: 'evt_01jd3k2m4n5p6q7r8s9t0v1w2z',
    deviceId: 'pixel-7',
    name: 'Pixel 7 (front desk)',
    gateway: 'sms-gate',
    health: 'offline',
    previousHealth: 'online',
    reason: 'no sign of life for 35 min',
    lastSeenAt: '2026-11-24T09:40:00.000Z',
    batteryLevel: 4,
    at: '2026-11-24T10:15:00.000Z',
  },
  outputFields: [
    { key: 'deviceId', label: 'Device ID' },
    { key: 'name', label: 'Name' },
    { key: 'gateway', label: 'Gateway' },
    { key: 'health', label: 'Health' },
    { key: 'reason', label: 'Reason' },
    { key: 'lastSeenAt', label: 'Last Seen At', type: 'datetime' },
    { key: 'batteryLevel', label: 'Battery (%)', type: 'integer' },
    { key: 'at', label: 'Went Offline At', type: 'datetime' },
  ],
});
