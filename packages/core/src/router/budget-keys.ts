import type { Sim } from '../schemas';
import type { BudgetLimit } from '../store/port';
import { CARRIER_WINDOW_MS, PHONE_WINDOW_MS, type RouterPolicy } from './policy';

/** The budget key of one SIM, shared by every hub: `sim:<deviceId>:<slot>`. */
export function simBudgetKey(deviceId: string, slot: number): string {
  return `sim:${deviceId}:${slot}`;
}

/**
 * The key of a device's probe gate: a budget of one probe per `offlineCooldownMs`. Going offline takes the
 * gate's one slot; when it frees up, exactly one router (on any hub) wins the next probe.
 */
export function probeGateKey(deviceId: string): string {
  return `probe:${deviceId}`;
}

/**
 * The limits one message's segments are reserved under on a SIM: the phone's per-minute limit, the pacing
 * burst limit (when it is below the per-minute one), and the carrier's optional hourly budget, each over its
 * own window. The router stamps each reservation at the latest time the phone may send it (`windowMarginMs`
 * after routing) and moves it to the time the phone's report arrives (see {@link RouterPolicy}), so every
 * stamp is at or after the real send and the phone's own windows can never hold more than the limits.
 */
export function simLimits(
  sim: Pick<Sim, 'segmentsPerMinute' | 'segmentsPerHour'>,
  policy: Partial<Pick<RouterPolicy, 'burstSegments' | 'burstWindowMs'>>,
  segments = 1,
): BudgetLimit[] {
  const limits: BudgetLimit[] = [{ max: sim.segmentsPerMinute, windowMs: PHONE_WINDOW_MS }];
  // A message longer than the burst goes alone: the burst limit grows to hold it.
  const burst = Math.max(policy.burstSegments ?? 0, segments);
  if (policy.burstWindowMs && policy.burstSegments && burst < sim.segmentsPerMinute)
    limits.push({ max: burst, windowMs: policy.burstWindowMs });
  if (sim.segmentsPerHour !== undefined) limits.push({ max: sim.segmentsPerHour, windowMs: CARRIER_WINDOW_MS });
  return limits;
}

/** The probe gate's limit: one probe per cooldown. */
export function probeGateLimits(policy: Pick<RouterPolicy, 'offlineCooldownMs'>): BudgetLimit[] {
  return [{ max: 1, windowMs: policy.offlineCooldownMs }];
}

/** True when a message of `segments` parts fits under every limit of the SIM at all (on an idle SIM). */
export function simCanEverCarry(
  sim: Pick<Sim, 'segmentsPerMinute' | 'segmentsPerHour' | 'segmentsPerDay' | 'segmentsPerMonth'>,
  segments: number,
): boolean {
  const under = (max: number | undefined) => max === undefined || segments <= max;
  return (
    segments <= sim.segmentsPerMinute &&
    under(sim.segmentsPerHour) &&
    under(sim.segmentsPerDay) &&
    under(sim.segmentsPerMonth)
  );
}
