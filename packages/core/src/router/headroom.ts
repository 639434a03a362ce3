import type { Device } from '../schemas';
import { simBudgetKey, simLimits } from './budget-keys';
import type { BudgetView } from './budget-view';
import type { RouterPolicy } from './policy';
import { simCaps } from './sim-caps';

/** What the router's budget view says the fleet can take now. */
export interface Headroom {
  /** Segments free now, summed over the enabled SIMs. */
  free: number;
  /** With nothing free: the earliest time a segment frees up on some SIM. */
  retryAt?: number;
}

/**
 * The fleet's {@link Headroom} at `t` from the router's `view` alone, or undefined when the view cannot say: a SIM it
 * does not know (or no longer trusts), a SIM with calendar caps (the view has only the sliding windows), or an offline
 * device (its probe may be due).
 */
export function fleetHeadroom(
  view: BudgetView,
  policy: RouterPolicy,
  devices: Device[],
  t: number,
): Headroom | undefined {
  let free = 0;
  let retryAt: number | undefined;
  for (const d of devices) {
    if (d.health === 'offline') return undefined;
    for (const s of d.sims) {
      if (!s.enabled) continue;
      if (simCaps(d, s, undefined, t)) return undefined;
      const est = view.estimate(simBudgetKey(d.id, s.slot), simLimits(s, policy, 1), 1, t);
      if (!est) return undefined;
      free += Math.max(0, est.remaining);
      if (est.retryAt !== undefined) retryAt = Math.min(retryAt ?? Infinity, est.retryAt);
    }
  }
  return free > 0 || retryAt === undefined ? { free } : { free, retryAt };
}
