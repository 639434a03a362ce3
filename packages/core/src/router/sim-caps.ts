import type { Device, Sim } from '../schemas';
import type { BudgetStanding, PeriodLimit, RecipientLimit } from '../store/port';
import { periodAt } from './calendar';

/** The calendar caps of one SIM at one instant, for one recipient: what its reservation must also fit. */
export interface SimCaps {
  periods: PeriodLimit[];
  recipient?: RecipientLimit;
}

/** The SIM's time zone: its device's, or UTC. */
export function simTimeZone(device: Pick<Device, 'timeZone'>): string {
  return device.timeZone ?? 'UTC';
}

/**
 * The SIM's daily and monthly segment budgets and its distinct-recipient cap at `now`, in its device's local
 * calendar, or undefined when it has none (the router then takes the plain path, with no extra store work).
 */
export function simCaps(
  device: Pick<Device, 'timeZone'>,
  sim: Pick<Sim, 'segmentsPerDay' | 'segmentsPerMonth' | 'uniqueRecipients'>,
  to: string | undefined,
  now: number,
): SimCaps | undefined {
  const tz = simTimeZone(device);
  const periods: PeriodLimit[] = [];
  if (sim.segmentsPerDay !== undefined) {
    const w = periodAt(now, tz, 'day');
    periods.push({ period: w.id, max: sim.segmentsPerDay, endsAt: w.end });
  }
  if (sim.segmentsPerMonth !== undefined) {
    const w = periodAt(now, tz, 'month');
    periods.push({ period: w.id, max: sim.segmentsPerMonth, endsAt: w.end });
  }
  const u = sim.uniqueRecipients;
  if (!u && periods.length === 0) return undefined;
  if (!u) return { periods };
  const w = periodAt(now, tz, u.period);
  return { periods, recipient: { period: w.id, limit: u.limit, endsAt: w.end, recipient: to ?? '' } };
}

/** What a capped SIM's standing says about one message of `segments` parts. */
export interface CapsView {
  /** Segments still free under the calendar periods. */
  remaining: number;
  /** True when the SIM has already texted the recipient this period. */
  known: boolean;
  /** Distinct-recipient slots left this period (Infinity without a cap). */
  slotsLeft: number;
  /** When the caps refuse the message now: the end of the latest refusing period. */
  blockedUntil?: number;
}

/** Read a capped SIM's {@link BudgetStanding} (its `periods` in the order of `caps.periods`) for one message. */
export function capsView(caps: SimCaps, standing: BudgetStanding, segments: number): CapsView {
  let remaining = Infinity;
  let blockedUntil: number | undefined;
  caps.periods.forEach((p, i) => {
    const left = p.max - (standing.periods[i] ?? 0);
    remaining = Math.min(remaining, left);
    if (left < segments) blockedUntil = Math.max(blockedUntil ?? 0, p.endsAt);
  });
  const r = caps.recipient;
  const known = standing.recipients?.known ?? false;
  const slotsLeft = r ? r.limit - (standing.recipients?.count ?? 0) : Infinity;
  if (r && !known && slotsLeft <= 0) blockedUntil = Math.max(blockedUntil ?? 0, r.endsAt);
  return { remaining, known, slotsLeft, ...(blockedUntil === undefined ? {} : { blockedUntil }) };
}
