import type { EngagementMetrics, Pricing, SeriesPoint } from './engagement-metrics';
import { histogramPercentile } from './histogram';

const rate = (n: number, d: number) => (d ? Math.round((n / d) * 10_000) / 10_000 : null);

/** The dimension filters roll-ups answer (tag alone, or any mix of the others). */
export interface RollupFilter {
  campaign?: string;
  tag?: string;
  deviceId?: string;
  sim?: number;
  gateway?: string;
}

/**
 * Which roll-up selector answers `f`, and for the `x` selector the test its tuple must pass. Tag combines with no
 * other filter (a message has several tags; the tuple holds none): the caller refuses that before asking.
 */
export function rollupSelector(f: RollupFilter): { selector: string; match?: (tuple: unknown[]) => boolean } {
  if (f.tag !== undefined) return { selector: `t:${f.tag}` };
  const { campaign, deviceId, sim, gateway } = f;
  const given = [campaign, deviceId, sim, gateway].filter((v) => v !== undefined).length;
  // One dimension (or a device with its SIM) has its own selector: a small hash, not the whole tuple table.
  if (given === 0) return { selector: 'all' };
  if (given === 1 && campaign !== undefined) return { selector: `c:${campaign}` };
  if (given === 1 && deviceId !== undefined) return { selector: `d:${deviceId}` };
  if (given === 1 && gateway !== undefined) return { selector: `g:${gateway}` };
  if (given === 2 && deviceId !== undefined && sim !== undefined) return { selector: `ds:${sim}:${deviceId}` };
  if (campaign !== undefined && deviceId !== undefined && gateway === undefined)
    return {
      selector:
        sim === undefined
          ? `cd:${JSON.stringify([campaign, deviceId])}`
          : `cds:${JSON.stringify([campaign, deviceId, sim])}`,
    };
  if (given === 2 && campaign !== undefined && gateway !== undefined)
    return { selector: `cg:${JSON.stringify([campaign, gateway])}` };
  return {
    selector: 'x',
    match: ([c, d, s, g]) =>
      (campaign === undefined || c === campaign) &&
      (deviceId === undefined || d === deviceId) &&
      (sim === undefined || s === sim) &&
      (gateway === undefined || g === gateway),
  };
}

/** Fold an `x` hash (`<tuple>|<metric>` fields) into plain metric fields, keeping the tuples `match` passes. */
export function foldTuples(
  fields: Record<string, number>,
  match: (tuple: unknown[]) => boolean,
): Record<string, number> {
  const out: Record<string, number> = {};
  const seen = new Map<string, boolean>();
  for (const [k, n] of Object.entries(fields)) {
    const bar = k.lastIndexOf('|');
    const t = k.slice(0, bar);
    let ok = seen.get(t);
    if (ok === undefined) {
      ok = match(JSON.parse(t) as unknown[]);
      seen.set(t, ok);
    }
    if (ok) out[k.slice(bar + 1)] = (out[k.slice(bar + 1)] ?? 0) + n;
  }
  return out;
}

/** Add `b`'s fields into `a`. */
export function addFields(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  for (const [k, n] of Object.entries(b)) a[k] = (a[k] ?? 0) + n;
  return a;
}

/** {@link EngagementMetrics} from summed roll-up fields (see `rollupMetrics`); percentiles from the histogram. */
export function figuresFromRollups(s: Record<string, number>, pricing: Pricing): EngagementMetrics {
  const v = (k: string) => s[k] ?? 0;
  const byCategory: Record<string, number> = {};
  const byCode: Record<string, number> = {};
  const ttd = new Map<number, number>();
  for (const [k, n] of Object.entries(s)) {
    if (n === 0) continue;
    if (k.startsWith('fc:')) byCategory[k.slice(3)] = n;
    else if (k.startsWith('fx:')) byCode[k.slice(3)] = n;
    else if (k.startsWith('ttd:')) ttd.set(Number(k.slice(4)), n);
  }
  const p50 = histogramPercentile(ttd, 50);
  const p95 = histogramPercentile(ttd, 95);
  return {
    messages: v('messages'),
    handedOver: v('handedOver'),
    sent: v('sent'),
    delivered: v('delivered'),
    failed: v('failed'),
    failedByCategory: byCategory,
    failedByCode: byCode,
    deliveryRate: rate(v('delivered'), v('handedOver')),
    timeToDeliverMs: p50 === null || p95 === null ? null : { p50, p95 },
    clicks: { unique: v('unique'), total: v('clicks'), bots: v('bots') },
    deliveredWithLinks: v('withLinks'),
    clickThroughRate: rate(v('clickedWithLinks'), v('withLinks')),
    replies: v('replies'),
    replyRate: rate(v('replied'), v('delivered')),
    optOuts: v('optOuts'),
    optOutRate: rate(v('optOuts'), v('delivered')),
    segments: v('segments'),
    cost: { amount: Math.round(v('segments') * pricing.perSegment * 1e6) / 1e6, currency: pricing.currency },
  };
}

/** One series point from a bucket's summed roll-up fields. */
export function pointFromRollups(at: number, s: Record<string, number>): SeriesPoint {
  const v = (k: string) => s[k] ?? 0;
  return {
    at: new Date(at).toISOString(),
    handedOver: v('handedOver'),
    sent: v('sent'),
    delivered: v('delivered'),
    failed: v('failed'),
    clicks: v('clicks'),
    replies: v('replies'),
    optOuts: v('optOuts'),
    deliveryRate: rate(v('delivered'), v('handedOver')),
  };
}
