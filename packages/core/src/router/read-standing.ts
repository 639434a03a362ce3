import type { Store } from '../store/port';
import { simLimits } from './budget-keys';
import type { BudgetView } from './budget-view';
import type { SimRef } from './candidates';
import type { RouterPolicy } from './policy';
import { capsView, simCaps, type CapsView, type SimCaps } from './sim-caps';

/** What the router reads of one SIM before trying it: one store step. */
export interface SimReading {
  /** Segments still free now under the SIM's tightest limit, sliding or calendar. */
  remaining: number;
  /** The SIM's calendar caps for this message, when it has any. */
  caps?: SimCaps;
  /** What the caps say about this message. */
  view?: CapsView;
  /** When the router's budget view says the message's segments do not fit now: the earliest time they would. */
  fullUntil?: number;
}

/**
 * Read a SIM's budget for a message to `to` of `segments` parts at `t`: its sliding windows only when it has no
 * calendar caps, from the router's `budgets` view when given (no store step while the view knows the SIM, else one
 * `usage` read that the view keeps), else with `usedIn`; a capped SIM's windows, periods and recipient slot in one
 * `standing` step.
 */
export async function readStanding(
  store: Pick<Store, 'budgets'>,
  policy: RouterPolicy,
  ref: SimRef,
  t: number,
  to: string | undefined,
  segments: number,
  budgets?: BudgetView,
): Promise<SimReading> {
  const limits = simLimits(ref.sim, policy);
  const windows = limits.map((l) => l.windowMs);
  const caps = simCaps(ref.device, ref.sim, to, t);
  if (!caps && budgets) {
    const sized = simLimits(ref.sim, policy, segments);
    let est = budgets.estimate(ref.key, sized, segments, t);
    if (!est) {
      budgets.learn(ref.key, sized, await store.budgets.usage(ref.key, sized, t), t);
      est = budgets.estimate(ref.key, sized, segments, t) ?? { remaining: Math.min(...sized.map((l) => l.max)) };
    }
    return est.retryAt === undefined
      ? { remaining: est.remaining }
      : { remaining: est.remaining, fullUntil: est.retryAt };
  }
  if (!caps) {
    const used = await store.budgets.usedIn(ref.key, windows, t);
    return { remaining: Math.min(...limits.map((l, i) => l.max - used[i]!)) };
  }
  const rc = caps.recipient;
  const s = await store.budgets.standing(
    ref.key,
    windows,
    t,
    caps.periods.map((p) => p.period),
    rc ? { period: rc.period, ...(to === undefined ? {} : { recipient: to }) } : undefined,
  );
  const view = capsView(caps, s, segments);
  const sliding = Math.min(...limits.map((l, i) => l.max - s.windows[i]!));
  return { remaining: Math.min(sliding, view.remaining), caps, view };
}
