import type { Device, DeviceHealth, DeviceVitals, HealthChange } from '../schemas';
import { newId } from '../ids';

/**
 * What became of one hand-over to a phone, as the send pipeline classifies it:
 * - `ok`: the phone itself took the message (a local server answered) or reported transmitting it: the device is
 *   alive. A cloud server accepting a message is not this: it accepts for phones that are switched off.
 * - `device_problem`: the device did not answer, timed out, or reported a device-level failure
 *   (offline, radio off, `RESULT_ERROR_LIMIT_EXCEEDED`): counts towards marking it offline.
 * - `message_problem`: the phone answered, but this message was bad (invalid number, content rejected):
 *   the device is alive, and the streak of device failures is broken.
 */
export type SendOutcome = 'ok' | 'device_problem' | 'message_problem';

/** The outcomes, for validation. */
export const SEND_OUTCOMES: readonly SendOutcome[] = ['ok', 'device_problem', 'message_problem'];

/** Transitions kept on a device while their events wait to be published (older ones are dropped past this). */
export const MAX_PENDING_HEALTH_CHANGES = 20;

/**
 * `next` with its change between offline and online noted (pure): a {@link HealthChange} with a fresh event id joins
 * the device's pending changes, in the same atomic write as the change itself, so exactly one event is made per
 * transition however many hubs saw it. Moves between online and dozing are no transition.
 */
export function noteHealthChange(prev: Device, next: Device, now: Date, reason: string): Device {
  if ((prev.health === 'offline') === (next.health === 'offline')) return next;
  const change: HealthChange = {
    eventId: newId('evt', now),
    health: next.health,
    previousHealth: prev.health,
    at: now.toISOString(),
    reason: reason.slice(0, 200),
  };
  return {
    ...next,
    healthChangedAt: change.at,
    healthChanges: [...(prev.healthChanges ?? []), change].slice(-MAX_PENDING_HEALTH_CHANGES),
  };
}

/**
 * A device after one send outcome at `now` (pure, so it is safe inside an atomic `update`). Success or a
 * message-level answer brings the device online and resets its failure streak; `failureThreshold`
 * consecutive device problems mark it offline. A failed probe keeps an offline device offline.
 */
export function applyOutcome(device: Device, outcome: SendOutcome, now: Date, failureThreshold: number): Device {
  if (outcome === 'device_problem') {
    const consecutiveFailures = device.consecutiveFailures + 1;
    const health: DeviceHealth = consecutiveFailures >= failureThreshold ? 'offline' : device.health;
    return noteHealthChange(
      device,
      { ...device, consecutiveFailures, health },
      now,
      `${consecutiveFailures} hand-overs failed in a row for device reasons`,
    );
  }
  return noteHealthChange(
    device,
    { ...device, health: 'online', consecutiveFailures: 0, lastSeenAt: now.toISOString() },
    now,
    'the phone answered or reported sending',
  );
}

/**
 * A device after a heartbeat at `now` (pure). `true`/`'online'` brings it online and resets its failure
 * streak; `'dozing'` keeps it usable but last in line; `false`/`'offline'` routes around it until a probe
 * after the cooldown (or the next online heartbeat). Any heartbeat but `offline` means the phone was seen.
 */
export function applyHeartbeat(device: Device, state: boolean | DeviceHealth, now: Date): Device {
  const health: DeviceHealth = state === true ? 'online' : state === false ? 'offline' : state;
  if (health === 'offline') {
    return noteHealthChange(device, { ...device, health }, now, 'its gateway reports it offline');
  }
  return noteHealthChange(
    device,
    {
      ...device,
      health,
      lastSeenAt: now.toISOString(),
      consecutiveFailures: health === 'online' ? 0 : device.consecutiveFailures,
    },
    now,
    'a heartbeat from the phone',
  );
}

/**
 * A device after a periodic heartbeat with its battery and network at `now` (pure): {@link applyHeartbeat} online,
 * plus `lastHeartbeatAt` and the vitals the gateway reported. Null (no write) when nothing a reader would see
 * changed: the device is online, its heartbeat time and last-seen time are under `refreshMs` old and the vitals are
 * the same, so a phone pinging often costs one device write per `refreshMs`.
 */
export function applyVitals(
  device: Device,
  vitals: DeviceVitals | undefined,
  now: Date,
  refreshMs: number,
): Device | null {
  const v = vitals ?? {};
  const fresh = (at: string | undefined) => at !== undefined && now.getTime() - Date.parse(at) < refreshMs;
  const same =
    (v.batteryLevel === undefined || v.batteryLevel === device.batteryLevel) &&
    (v.charging === undefined || v.charging === device.charging) &&
    (v.connectivity === undefined || v.connectivity === device.connectivity) &&
    (v.cellular === undefined || v.cellular === device.cellular) &&
    (v.failedLastHour === undefined || v.failedLastHour === device.phoneFailedLastHour);
  if (device.health === 'online' && device.consecutiveFailures === 0 && same) {
    if (fresh(device.lastHeartbeatAt) && fresh(device.lastSeenAt)) return null;
  }
  const next = applyHeartbeat(device, true, now);
  return {
    ...next,
    lastHeartbeatAt: now.toISOString(),
    ...(v.batteryLevel !== undefined ? { batteryLevel: v.batteryLevel } : {}),
    ...(v.charging !== undefined ? { charging: v.charging } : {}),
    ...(v.connectivity !== undefined ? { connectivity: v.connectivity } : {}),
    ...(v.cellular !== undefined ? { cellular: v.cellular } : {}),
    ...(v.failedLastHour !== undefined ? { phoneFailedLastHour: v.failedLastHour } : {}),
  };
}

/** The last sign of life of a device: its last heartbeat or the last time it was seen, whichever is later. */
export function lastSignOfLife(device: Device): number | undefined {
  const times = [device.lastHeartbeatAt, device.lastSeenAt].filter((t): t is string => t !== undefined);
  return times.length ? Math.max(...times.map((t) => Date.parse(t))) : undefined;
}

/**
 * The device marked offline at `now` when it has sent periodic heartbeats but gave no sign of life for
 * `offlineAfterMs` (pure); null when it stays as it is. A phone that never sent a heartbeat is not judged by its
 * silence (its gateway has no heartbeat, or it has not been heard from yet): the send path's failure streak and its
 * gateway's own offline reports still mark it.
 */
export function applySilence(device: Device, now: Date, offlineAfterMs: number): Device | null {
  if (device.health === 'offline' || device.lastHeartbeatAt === undefined) return null;
  const last = lastSignOfLife(device)!;
  if (now.getTime() - last < offlineAfterMs) return null;
  const minutes = Math.round((now.getTime() - last) / 60_000);
  return noteHealthChange(device, { ...device, health: 'offline' }, now, `no sign of life for ${minutes} min`);
}
