import type { Device, Sim } from '../schemas';
import type { Store } from '../store/port';
import { simBudgetKey } from './budget-keys';
import { PHONE_WINDOW_MS } from './policy';
import { simCaps } from './sim-caps';

/** How much of a SIM's calendar caps is used at one instant, for listings (API, dashboard, CLI). */
export interface SimCapsUsage {
  /** Segments counted in the SIM's local day so far (only with `segmentsPerDay`). */
  usedToday?: number;
  /** Segments counted in the SIM's local month so far (only with `segmentsPerMonth`). */
  usedThisMonth?: number;
  /** Distinct recipients texted in the cap's period so far, of its limit (only with `uniqueRecipients`). */
  uniqueRecipients?: { count: number; limit: number; period: 'day' | 'month' };
}

/** Read a SIM's cap usage at `now` in one store step; an uncapped SIM reads nothing and gets `{}`. */
export async function simCapsUsage(
  store: Pick<Store, 'budgets'>,
  device: Pick<Device, 'id' | 'timeZone'>,
  sim: Sim,
  now: number,
): Promise<SimCapsUsage> {
  const caps = simCaps(device, sim, undefined, now);
  if (!caps) return {};
  const rc = caps.recipient;
  const s = await store.budgets.standing(
    simBudgetKey(device.id, sim.slot),
    [PHONE_WINDOW_MS],
    now,
    caps.periods.map((p) => p.period),
    rc ? { period: rc.period } : undefined,
  );
  const out: SimCapsUsage = {};
  let i = 0;
  if (sim.segmentsPerDay !== undefined) out.usedToday = s.periods[i++] ?? 0;
  if (sim.segmentsPerMonth !== undefined) out.usedThisMonth = s.periods[i++] ?? 0;
  if (sim.uniqueRecipients && s.recipients) {
    out.uniqueRecipients = { count: s.recipients.count, ...sim.uniqueRecipients };
  }
  return out;
}
