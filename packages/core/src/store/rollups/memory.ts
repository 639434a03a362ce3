import { HOUR_MS, type RollupDims, type RollupState } from '../../metrics/rollup-state';
import type { RollupGrain, RollupLoader, Rollups } from './port';
import { checkRollupRange, checkRollupState, coverRange, rollupDelta, seriesStarts } from './args';

const GRAINS: Record<RollupGrain, number> = { hour: 0, day: 1, month: 2 };

/** A bucket's number within its selector: its grain and its start in whole hours (a small integer, not a string). */
const slot = (grain: RollupGrain, start: number): number => (start / HOUR_MS) * 3 + GRAINS[grain];

/**
 * In-memory {@link Rollups}: per selector, the buckets by grain and start, and each message's recorded state. Field
 * names are interned: a year of a million messages holds a million buckets of the same few thousand names, and one
 * string per name (not per bucket) keeps the heap, and so the collector's pauses under a read, small.
 */
export class MemoryRollups implements Rollups, RollupLoader {
  private readonly selectors = new Map<string, Map<number, Map<string, number>>>();
  private readonly names = new Map<string, string>();
  private readonly states = new Map<
    string,
    { version: number; hour: number; dims: RollupDims; metrics: Record<string, number> }
  >();

  private intern(s: string): string {
    const known = this.names.get(s);
    if (known !== undefined) return known;
    this.names.set(s, s);
    return s;
  }

  private bucket(grain: RollupGrain, start: number, selector: string): Map<string, number> {
    let sel = this.selectors.get(selector);
    if (!sel) this.selectors.set(this.intern(selector), (sel = new Map()));
    let b = sel.get(slot(grain, start));
    if (!b) sel.set(slot(grain, start), (b = new Map()));
    return b;
  }

  async record(state: RollupState): Promise<boolean> {
    checkRollupState(state);
    const before = this.states.get(state.messageId);
    if (before && before.version >= state.version) return false;
    // Synchronous from here: the check and the difference are one atomic step, as in the Redis script.
    for (const [k, fields] of rollupDelta(before, state)) {
      const [grain, start, ...sel] = k.split(' ');
      const b = this.bucket(grain as RollupGrain, Number(start), sel.join(' '));
      for (const [f, n] of fields) {
        const v = (b.get(f) ?? 0) + n;
        if (v === 0) b.delete(f);
        else b.set(this.intern(f), v);
      }
    }
    this.states.set(state.messageId, {
      version: state.version,
      hour: state.hour,
      dims: structuredClone(state.dims),
      metrics: { ...state.metrics },
    });
    return true;
  }

  /**
   * Set the fields of one bucket outright, with no message state behind them: for bulk loads (benchmarks, a rebuild
   * from an export). Not part of the port.
   */
  load(grain: RollupGrain, start: number, selector: string, fields: Map<string, number>): void {
    const b = this.bucket(grain, start, selector);
    b.clear();
    for (const [f, n] of fields) b.set(this.intern(f), n);
  }

  private read(sel: Map<number, Map<string, number>> | undefined, at: number, into: Record<string, number>) {
    const b = sel?.get(at);
    if (b) for (const [f, n] of b) into[f] = (into[f] ?? 0) + n;
    return into;
  }

  async sum(selector: string, since: number, until: number): Promise<Record<string, number>> {
    checkRollupRange(selector, since, until);
    const out: Record<string, number> = {};
    const sel = this.selectors.get(selector);
    for (const p of coverRange(since, until)) this.read(sel, slot(p.grain, p.start), out);
    return out;
  }

  async series(
    selector: string,
    since: number,
    until: number,
    bucket: 'hour' | 'day',
  ): Promise<Record<string, number>[]> {
    checkRollupRange(selector, since, until);
    const sel = this.selectors.get(selector);
    return seriesStarts(since, until, bucket).map((t) => this.read(sel, slot(bucket, t), {}));
  }
}
