import type { DeviceVitals, GatewayReport } from '../../schemas/events';

/** One device of textbee's device listing (`GET /api/v1/gateway/devices`), as far as health goes. */
interface TextbeeDeviceDoc {
  _id?: unknown;
  enabled?: unknown;
  lastHeartbeat?: unknown;
  heartbeatEnabled?: unknown;
  heartbeatIntervalMinutes?: unknown;
  batteryInfo?: { percentage?: unknown; isCharging?: unknown } | null;
  networkInfo?: { type?: unknown } | null;
}

const NETWORK: Record<string, NonNullable<DeviceVitals['connectivity']>> = {
  wifi: 'wifi',
  cellular: 'cellular',
  none: 'none',
};

/**
 * textbee's word on its phones, from its device listing (`{data: [Device]}`; api/src/gateway/schemas/device.schema.ts:
 * `enabled`, `lastHeartbeat`, `heartbeatIntervalMinutes` default 30, `batteryInfo {percentage, isCharging}`,
 * `networkInfo {type: wifi|cellular|none}`): a periodic heartbeat for each enabled phone whose last heartbeat is
 * newer than `since` (at that time, with its vitals), and an offline report for a phone the account disabled.
 * Phones with no heartbeat time, or none newer, give nothing: silence is the hub's to judge.
 */
export function textbeeDeviceHealth(listing: unknown, since: Date | undefined): GatewayReport[] {
  const data = (listing as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return [];
  const out: GatewayReport[] = [];
  for (const raw of data as TextbeeDeviceDoc[]) {
    if (!raw || typeof raw !== 'object' || typeof raw._id !== 'string' || raw._id === '') continue;
    const deviceId = raw._id;
    if (raw.enabled === false) {
      out.push({
        kind: 'heartbeat',
        gateway: 'textbee',
        deviceId,
        online: false,
        at: (since ?? new Date(0)).toISOString(),
      });
      continue;
    }
    const at = typeof raw.lastHeartbeat === 'string' ? Date.parse(raw.lastHeartbeat) : Number.NaN;
    if (Number.isNaN(at) || (since && at <= since.getTime())) continue;
    const v: DeviceVitals = {};
    const pct = raw.batteryInfo?.percentage;
    if (typeof pct === 'number' && pct >= 0 && pct <= 100) v.batteryLevel = Math.round(pct);
    if (typeof raw.batteryInfo?.isCharging === 'boolean') v.charging = raw.batteryInfo.isCharging;
    const net = raw.networkInfo?.type;
    if (typeof net === 'string' && NETWORK[net]) v.connectivity = NETWORK[net];
    out.push({
      kind: 'heartbeat',
      gateway: 'textbee',
      deviceId,
      online: true,
      periodic: true,
      at: new Date(at).toISOString(),
      ...(Object.keys(v).length ? { vitals: v } : {}),
    });
  }
  return out;
}
