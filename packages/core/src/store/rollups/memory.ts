import type { RollupDims, RollupState } from '../../metrics/rollup-state';
import type { RollupGrain, RollupLoader, Rollups } from './port';
import { checkRollupRange, checkRollupState, coverRange, rollupDelta, sameDims, seriesStarts } from './args';
import { CellKeyCache, type CellKeys, metricsDiff } from './memory-cells';

/** In-memory {@link Rollups}: buckets by `<grain> <start> <selector>`, and each message's recorded state. */
export class MemoryRollups implements Rollups, RollupLoader {
  private readonly buckets = new Map<string, Map<string, number>>();
  private readonly states = new Map<
    string,
    { version: number; hour: number; dims: RollupDims; metrics: Record<string, number> }
  >();
  private readonly cells = new CellKeyCache();

  async record(state: RollupState): Promise<boolean> {
    checkRollupState(state);
    const before = this.states.get(state.messageId);
    if (before && before.version >= state.version) return false;
    // Synchronous from here: the check and the difference are one atomic step, as in the Redis script.
    if (before && before.hour === state.hour && sameDims(before.dims, state.dims)) {
      // The usual change (a status report, a click): the same cells, a few metrics moved. Added straight into the
      // buckets under cached keys: the general difference below builds a map per bucket and ~30 key strings.
      const diff = metricsDiff(before.metrics, state.metrics);
      if (diff) this.add(this.cells.keys(state.hour, state.dims), diff);
      before.version = state.version;
      before.metrics = { ...state.metrics };
      return true;
    }
    if (!before) {
      // A new message (every create): its metrics added under the cached keys of its cells, which is what the full
      // delta below comes to with nothing to take away, without building ~100 cells per grain.
      const diff = metricsDiff({}, state.metrics);
      if (diff) this.add(this.cells.keys(state.hour, state.dims), diff);
    } else
      for (const [k, fields] of rollupDelta(before, state)) {
        let b = this.buckets.get(k);
        if (!b) this.buckets.set(k, (b = new Map()));
        for (const [f, n] of fields) {
          const v = (b.get(f) ?? 0) + n;
          if (v === 0) b.delete(f);
          else b.set(f, v);
        }
      }
    this.states.set(state.messageId, {
      version: state.version,
      hour: state.hour,
      dims: copyDims(state.dims),
      metrics: { ...state.metrics },
    });
    return true;
  }

  /** Add `diff` to every bucket of `keys` (a field that comes to 0 is dropped, as a delta's would be). */
  private add(keys: CellKeys, diff: Record<string, number>): void {
    for (const k of keys.selectors) this.addTo(k, diff, '');
    for (const k of keys.x) this.addTo(k, diff, `${keys.tuple}|`);
  }

  private addTo(key: string, diff: Record<string, number>, fieldPrefix: string): void {
    let b = this.buckets.get(key);
    if (!b) this.buckets.set(key, (b = new Map()));
    for (const m in diff) {
      const f = fieldPrefix + m;
      const v = (b.get(f) ?? 0) + diff[m]!;
      if (v === 0) b.delete(f);
      else b.set(f, v);
    }
  }

  /**
   * Set the fields of one bucket outright, with no message state behind them: for bulk loads (benchmarks, a rebuild
   * from an export). Not part of the port.
   */
  load(grain: RollupGrain, start: number, selector: string, fields: Map<string, number>): void {
    this.buckets.set(`${grain} ${start} ${selector}`, new Map(fields));
  }

  private read(key: string, into: Record<string, number>): Record<string, number> {
    for (const [f, n] of this.buckets.get(key) ?? []) into[f] = (into[f] ?? 0) + n;
    return into;
  }

  async sum(selector: string, since: number, until: number): Promise<Record<string, number>> {
    checkRollupRange(selector, since, until);
    const out: Record<string, number> = {};
    for (const p of coverRange(since, until)) this.read(`${p.grain} ${p.start} ${selector}`, out);
    return out;
  }

  async series(
    selector: string,
    since: number,
    until: number,
    bucket: 'hour' | 'day',
  ): Promise<Record<string, number>[]> {
    checkRollupRange(selector, since, until);
    return seriesStarts(since, until, bucket).map((t) => this.read(`${bucket} ${t} ${selector}`, {}));
  }
}

/**
 * A copy of `d` the caller cannot change later: its fields are strings and a number, and tags a list of strings
 * (checkRollupState), so a shallow copy with its own tags list is enough; structuredClone cost more than the rest of
 * a record.
 */
function copyDims(d: RollupDims): RollupDims {
  const out: RollupDims = { ...d };
  if (d.tags !== undefined) out.tags = [...d.tags];
  return out;
}
