import { HOUR_MS, rollupCells, type RollupState } from '../../metrics/rollup-state';
import { invalid, requireInt, requireKey } from '../shared/args';
import type { RollupGrain } from './port';

const DAY_MS = 86400_000;
/** The longest range a roll-up read spans. */
export const MAX_ROLLUP_RANGE_MS = 400 * DAY_MS;
/** The most points a series answers. */
export const MAX_SERIES_POINTS = 10_000;

/** Check a state before it is recorded. */
export function checkRollupState(s: RollupState): void {
  requireKey(s.messageId, 'state.messageId');
  requireInt(s.version, 'state.version', 0, 2 ** 53);
  requireInt(s.hour, 'state.hour', 0, 2 ** 53);
  if (s.hour % HOUR_MS !== 0) throw invalid('state.hour', 'must be the start of an hour');
  if (s.keepUntil !== null) requireInt(s.keepUntil, 'state.keepUntil', 0, 2 ** 53);
  const d = s.dims as unknown;
  if (typeof d !== 'object' || d === null) throw invalid('state.dims', 'must be an object');
  for (const k of ['campaign', 'deviceId', 'gateway'] as const)
    if (s.dims[k] !== undefined) requireKey(s.dims[k], `state.dims.${k}`);
  if (s.dims.sim !== undefined) requireInt(s.dims.sim, 'state.dims.sim', 0, 255);
  if (s.dims.tags !== undefined && (!Array.isArray(s.dims.tags) || s.dims.tags.some((t) => typeof t !== 'string')))
    throw invalid('state.dims.tags', 'must be a list of strings');
  if (typeof s.metrics !== 'object' || s.metrics === null) throw invalid('state.metrics', 'must be an object');
  for (const [f, n] of Object.entries(s.metrics)) {
    requireKey(f, 'state.metrics');
    requireInt(n, 'state.metrics', -(2 ** 50), 2 ** 50);
  }
}

/** Check a read: whole hours, since before until, at most 400 days. */
export function checkRollupRange(selector: unknown, since: unknown, until: unknown): void {
  requireKey(selector, 'selector');
  const s = requireInt(since, 'since', 0, 2 ** 53);
  const u = requireInt(until, 'until', 0, 2 ** 53);
  if (s % HOUR_MS !== 0) throw invalid('since', 'must be the start of an hour');
  if (u % HOUR_MS !== 0) throw invalid('until', 'must be the start of an hour');
  if (s >= u) throw invalid('since', 'must be before until');
  if (u - s > MAX_ROLLUP_RANGE_MS) throw invalid('since', 'the range may span at most 400 days');
}

/** Start of the UTC day or month holding `t`. */
export function grainStart(grain: RollupGrain, t: number): number {
  if (grain === 'hour') return Math.floor(t / HOUR_MS) * HOUR_MS;
  if (grain === 'day') return Math.floor(t / DAY_MS) * DAY_MS;
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

function grainEnd(grain: RollupGrain, start: number): number {
  if (grain === 'hour') return start + HOUR_MS;
  if (grain === 'day') return start + DAY_MS;
  const d = new Date(start);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/** The three buckets an hour is counted in. */
export function bucketsOf(hour: number): { grain: RollupGrain; start: number }[] {
  return (['hour', 'day', 'month'] as const).map((grain) => ({ grain, start: grainStart(grain, hour) }));
}

/**
 * Cover [since, until) (whole hours) with the fewest buckets: the largest bucket that starts at the cursor and fits.
 * At most 23 + 30 + 13 + 30 + 23 pieces for 400 days, whatever the length.
 */
export function coverRange(since: number, until: number): { grain: RollupGrain; start: number }[] {
  const out: { grain: RollupGrain; start: number }[] = [];
  let t = since;
  while (t < until) {
    let grain: RollupGrain = 'hour';
    if (grainStart('month', t) === t && grainEnd('month', t) <= until) grain = 'month';
    else if (grainStart('day', t) === t && grainEnd('day', t) <= until) grain = 'day';
    out.push({ grain, start: t });
    t = grainEnd(grain, t);
  }
  return out;
}

/** The starts of the series buckets from the one holding `since` to `until`; refuses more than 10,000. */
export function seriesStarts(since: number, until: number, bucket: 'hour' | 'day'): number[] {
  const step = bucket === 'hour' ? HOUR_MS : DAY_MS;
  const out: number[] = [];
  for (let t = grainStart(bucket, since); t < until; t += step) {
    if (out.length === MAX_SERIES_POINTS) throw invalid('bucket', `at most ${MAX_SERIES_POINTS} points`);
    out.push(t);
  }
  return out;
}

/**
 * The difference between two contributions (`before` may be absent), per bucket and selector: only non-zero
 * fields. The key is `<grain> <start> <selector>`.
 */
export function rollupDelta(
  before: Pick<RollupState, 'hour' | 'dims' | 'metrics'> | undefined,
  after: Pick<RollupState, 'hour' | 'dims' | 'metrics'>,
): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  if (before && before.hour === after.hour && sameDims(before.dims, after.dims)) {
    // The same cells on both sides (the usual case: a status change, a click): the delta is the cells of the metrics'
    // difference, a few fields, rather than two full sets of ~100 cells per grain that cancel out.
    const diff: Record<string, number> = {};
    let changed = false;
    for (const f of Object.keys(after.metrics)) {
      const n = after.metrics[f]! - (before.metrics[f] ?? 0);
      if (n !== 0) [diff[f], changed] = [n, true];
    }
    for (const f of Object.keys(before.metrics))
      if (!(f in after.metrics) && before.metrics[f] !== 0) [diff[f], changed] = [-before.metrics[f]!, true];
    if (!changed) return out;
    return rollupDelta(undefined, { hour: after.hour, dims: after.dims, metrics: diff });
  }
  const add = (s: Pick<RollupState, 'hour' | 'dims' | 'metrics'>, sign: number) => {
    const cells = rollupCells(s);
    for (const b of bucketsOf(s.hour)) {
      // The cells come grouped by selector: build and look up each bucket key once per selector, not once per cell.
      const prefix = `${b.grain} ${b.start} `;
      let sel: string | undefined;
      let m: Map<string, number> | undefined;
      for (const [cellSel, field, n] of cells) {
        if (cellSel !== sel || !m) {
          sel = cellSel;
          const k = prefix + cellSel;
          m = out.get(k);
          if (!m) out.set(k, (m = new Map()));
        }
        m.set(field, (m.get(field) ?? 0) + sign * n);
      }
    }
  };
  if (before) add(before, -1);
  add(after, 1);
  for (const [k, m] of out) {
    for (const [f, n] of m) if (n === 0) m.delete(f);
    if (m.size === 0) out.delete(k);
  }
  return out;
}

/** True when two states count in the same selectors and tuple. */
export function sameDims(a: RollupState['dims'], b: RollupState['dims']): boolean {
  if (a.campaign !== b.campaign || a.deviceId !== b.deviceId || a.sim !== b.sim || a.gateway !== b.gateway)
    return false;
  const ta = a.tags ?? [];
  const tb = b.tags ?? [];
  return ta.length === tb.length && ta.every((t, i) => t === tb[i]);
}
