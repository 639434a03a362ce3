import type { DeviceVitals } from '../../schemas/events';

type Checks = Record<string, { observedValue?: unknown } | undefined>;

const num = (checks: Checks, name: string): number | undefined => {
  const v = checks[name]?.observedValue;
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
};

const CELLULAR: Record<number, NonNullable<DeviceVitals['cellular']>> = {
  1: 'unknown',
  2: '2g',
  3: '3g',
  4: '4g',
  5: '5g',
};

/**
 * The battery and network in an sms-gate health document: the `health` of a `system:ping` payload, or the body of the
 * local server's `GET /health` (docs features/health.md: `battery:level` percent, `battery:charging` flags with bit 1
 * charging, `connection:status` 0/1, `connection:transport` flags 2 cellular / 4 WiFi / 8 Ethernet,
 * `connection:cellular` index 2..5 = 2G..5G, `messages:failed` over the last hour). Lenient: a check missing or of
 * the wrong shape is left out, never a reason to refuse the heartbeat; undefined when nothing was found.
 */
export function smsGateVitals(health: unknown): DeviceVitals | undefined {
  if (!health || typeof health !== 'object') return undefined;
  const raw = (health as { checks?: unknown }).checks;
  if (!raw || typeof raw !== 'object') return undefined;
  const checks = raw as Checks;
  const v: DeviceVitals = {};
  const level = num(checks, 'battery:level');
  if (level !== undefined && level >= 0 && level <= 100) v.batteryLevel = Math.round(level);
  const charging = num(checks, 'battery:charging');
  if (charging !== undefined) v.charging = (charging & 1) === 1;
  const status = num(checks, 'connection:status');
  const transport = num(checks, 'connection:transport');
  if (status === 0 || transport === 0) v.connectivity = 'none';
  else if (transport !== undefined) {
    v.connectivity = transport & 4 ? 'wifi' : transport & 8 ? 'ethernet' : transport & 2 ? 'cellular' : 'unknown';
  }
  const cellular = CELLULAR[num(checks, 'connection:cellular') ?? 0];
  if (cellular && (transport === undefined || transport & 2)) v.cellular = cellular;
  const failed = num(checks, 'messages:failed');
  if (failed !== undefined && failed >= 0) v.failedLastHour = Math.floor(failed);
  return Object.keys(v).length ? v : undefined;
}

/** The vitals of a `system:ping` webhook's payload (`{"health": {...}}`), when it carries any. */
export function smsGatePingVitals(payload: Record<string, unknown>): DeviceVitals | undefined {
  return smsGateVitals(payload.health);
}
