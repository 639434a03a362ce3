import type { Device, DeviceHealth } from '../schemas';
import type { Store } from '../store/port';
import { SmsfleetError } from '../errors/smsfleet-error';
import { probeGateKey, probeGateLimits } from './budget-keys';
import { applyHeartbeat, applyOutcome, SEND_OUTCOMES, type SendOutcome } from './health';
import type { RouterPolicy } from './policy';

/** A device going offline takes its probe gate's one slot: the next probe is due a cooldown later. */
async function closeProbeGate(store: Pick<Store, 'budgets'>, policy: RouterPolicy, deviceId: string, t: number) {
  await store.budgets.reserve(probeGateKey(deviceId), 1, probeGateLimits(policy), t);
}

/** {@link FleetRouter.recordOutcome}. */
export async function recordOutcome(
  store: Pick<Store, 'budgets' | 'devices'>,
  policy: RouterPolicy,
  deviceId: string,
  outcome: SendOutcome,
  now: Date,
): Promise<Device | undefined> {
  if (!SEND_OUTCOMES.includes(outcome)) {
    throw new SmsfleetError('SMSFLEET_ERR_VALIDATION', `Unknown send outcome ${String(outcome)}`, {
      field: 'outcome',
      reason: `must be one of ${SEND_OUTCOMES.join(', ')}`,
    });
  }
  const res = await store.devices.update(deviceId, (d) => applyOutcome(d, outcome, now, policy.failureThreshold));
  if (!res) return undefined;
  if (outcome === 'device_problem' && res.value.health === 'offline') {
    await closeProbeGate(store, policy, deviceId, now.getTime());
  }
  return res.value;
}

/** {@link FleetRouter.heartbeat}. */
export async function heartbeat(
  store: Pick<Store, 'budgets' | 'devices'>,
  policy: RouterPolicy,
  deviceId: string,
  state: boolean | DeviceHealth,
  now: Date,
): Promise<Device | undefined> {
  if (typeof state !== 'boolean' && !['online', 'dozing', 'offline'].includes(state)) {
    throw new SmsfleetError('SMSFLEET_ERR_VALIDATION', `Unknown device state ${String(state)}`, {
      field: 'state',
      reason: 'must be true, false, online, dozing or offline',
    });
  }
  const res = await store.devices.update(deviceId, (d) => applyHeartbeat(d, state, now));
  if (!res) return undefined;
  if (res.value.health === 'offline') await closeProbeGate(store, policy, deviceId, now.getTime());
  return res.value;
}
