import { type RollupDims, rollupCells, rollupTuple } from '../../metrics/rollup-state';
import { bucketsOf } from './args';

/** Where one message's contribution counts: its bucket keys per selector, and the `x` buckets with its tuple. */
export interface CellKeys {
  /** `<grain> <start> <selector>` for every grain and every selector but `x`. */
  selectors: string[];
  /** `<grain> <start> x` for every grain: its fields are `<tuple>|<metric>`. */
  x: string[];
  tuple: string;
}

/**
 * Cells of as many (hour, dimensions) pairs as this are kept; then the cache starts again. Small: an entry holds some
 * thirty strings (about 1 KB), and the memory per tracked message is a target of its own (a few hundred KB in all is
 * nothing per message, a few MB would show); the hour's traffic of a hub comes from far fewer pairs.
 */
export const MAX_CACHED = 256;

/**
 * The bucket keys of (hour, dims), made once per pair: many messages share an hour, a phone, a SIM and a gateway, and
 * building the ~30 keys on every status change was a fifth of a report's allocation on the memory store. The selectors
 * come from {@link rollupCells} itself (one metric), so they are the ones a full {@link rollupDelta} would use.
 */
export class CellKeyCache {
  private readonly cache = new Map<string, CellKeys>();

  keys(hour: number, dims: RollupDims): CellKeys {
    const tuple = rollupTuple(dims);
    const id = dims.tags === undefined ? `${hour}|${tuple}` : `${hour}|${tuple}|${JSON.stringify(dims.tags)}`;
    let k = this.cache.get(id);
    if (k) return k;
    k = { selectors: [], x: [], tuple };
    const cells = rollupCells({ dims, metrics: { m: 1 } });
    for (const b of bucketsOf(hour)) {
      const prefix = `${b.grain} ${b.start} `;
      for (const [sel] of cells) (sel === 'x' ? k.x : k.selectors).push(prefix + sel);
    }
    if (this.cache.size >= MAX_CACHED) this.cache.clear();
    this.cache.set(id, k);
    return k;
  }
}

/** `after - before` per metric, only the non-zero ones; undefined when nothing changed. */
export function metricsDiff(
  before: Record<string, number>,
  after: Record<string, number>,
): Record<string, number> | undefined {
  let diff: Record<string, number> | undefined;
  for (const f in after) {
    const n = after[f]! - (before[f] ?? 0);
    if (n !== 0) (diff ??= {})[f] = n;
  }
  for (const f in before) if (!(f in after) && before[f] !== 0) (diff ??= {})[f] = -before[f]!;
  return diff;
}
