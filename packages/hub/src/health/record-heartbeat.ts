import { applyVitals, type Device, type FleetRouter, type GatewayReport, type Store } from '@smsfleet/core';
import { LAST_SEEN_EVERY_MS } from '../tracking/phone-seen';

type Heartbeat = Extract<GatewayReport, { kind: 'heartbeat' }>;

/** What {@link recordHeartbeat} needs. */
export interface RecordHeartbeatDeps {
  store: Pick<Store, 'devices'>;
  router: Pick<FleetRouter, 'heartbeat'>;
}

/**
 * Apply one verified heartbeat to `deviceId` at `now`. Offline (httpSMS's server, a disabled textbee phone): through
 * the router, which routes around the phone and closes its probe gate. A periodic heartbeat or one with vitals
 * (sms-gate `system:ping`, textbee status): its time and battery and network in one compare-and-set, skipped when
 * nothing a reader sees changed within a minute, so a phone pinging often costs at most one device write a minute.
 * Any other (httpSMS online, `app:started`): online through the router. Each change between offline and online is
 * noted on the device in the same write (core/src/router/health.ts), for the health monitor to publish.
 */
export async function recordHeartbeat(
  deps: RecordHeartbeatDeps,
  deviceId: string,
  r: Heartbeat,
  now: Date,
): Promise<Device | undefined> {
  if (!r.online) return deps.router.heartbeat(deviceId, false, now);
  if (!r.periodic && !r.vitals) return deps.router.heartbeat(deviceId, true, now);
  const res = await deps.store.devices.update(deviceId, (d) => applyVitals(d, r.vitals, now, LAST_SEEN_EVERY_MS));
  return res?.value;
}
