import type { RollupDims, RollupState } from '../../metrics/rollup-state';
import type { RollupGrain, RollupLoader, Rollups } from './port';
import { checkRollupRange, checkRollupState, coverRange, rollupDelta, seriesStarts } from './args';

/** In-memory {@link Rollups}: buckets by `<grain> <start> <selector>`, and each message's recorded state. */
export class MemoryRollups implements Rollups, RollupLoader {
  private readonly buckets = new Map<string, Map<string, number>>();
  private readonly states = new Map<
    string,
    { version: number; hour: number; dims: RollupDims; metrics: Record<string, number> }
  >();

  async record(state: RollupState): Promise<boolean> {
    checkRollupState(state);
    const before = this.states.get(state.messageId);
    if (before && before.version >= state.version) return false;
    // Synchronous from here: the check and the difference are one atomic step, as in the Redis script.
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
