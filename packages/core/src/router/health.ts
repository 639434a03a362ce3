import type { Device, DeviceHealth } from '../schemas';

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

/**
 * A device after one send outcome at `now` (pure, so it is safe inside an atomic `update`). Success or a
 * message-level answer brings the device online and resets its failure streak; `failureThreshold`
 * consecutive device problems mark it offline. A failed probe keeps an offline device offline.
 */
export function applyOutcome(device: Device, outcome: SendOutcome, now: Date, failureThreshold: number): Device {
  if (outcome === 'device_problem') {
    const consecutiveFailures = device.consecutiveFailures + 1;
    const health: DeviceHealth = consecutiveFailures >= failureThreshold ? 'offline' : device.health;
    return { ...device, consecutiveFailures, health };
  }
  return { ...device, health: 'online', consecutiveFailures: 0, lastSeenAt: now.toISOString() };
}

/**
 * A device after a heartbeat at `now` (pure). `true`/`'online'` brings it online and resets its failure
 * streak; `'dozing'` keeps it usable but last in line; `false`/`'offline'` routes around it until a probe
 * after the cooldown (or the next online heartbeat). Any heartbeat but `offline` means the phone was seen.
 */
export function applyHeartbeat(device: Device, state: boolean | DeviceHealth, now: Date): Device {
  const health: DeviceHealth = state === true ? 'online' : state === false ? 'offline' : state;
  if (health === 'offline') return { ...device, health };
  return {
    ...device,
    health,
    lastSeenAt: now.toISOString(),
    consecutiveFailures: health === 'online' ? 0 : device.consecutiveFailures,
  };
}
