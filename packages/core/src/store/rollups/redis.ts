import type { RollupDims, RollupState } from '../../metrics/rollup-state';
import { MAX_CAS_RETRIES } from '../shared/constants';
import type { RedisKeys } from '../redis/keys';
import type { RedisClient } from '../redis/lua';
import { SCRIPTS } from '../redis/scripts';
import { casExhausted } from '../redis/cas';
import type { RollupGrain, RollupLoader, Rollups } from './port';
import { checkRollupRange, checkRollupState, coverRange, rollupDelta, seriesStarts } from './args';

type Stored = { version: number; hour: number; dims: RollupDims; metrics: Record<string, number> };

const parse = (raw: string | null): Stored | undefined => {
  if (raw === null) return undefined;
  const bar = raw.indexOf('|');
  const [hour, dims, metrics] = JSON.parse(raw.slice(bar + 1)) as [number, RollupDims, Record<string, number>];
  return { version: Number(raw.slice(0, bar)), hour, dims, metrics };
};

const toFields = (flat: Record<string, string>, into: Record<string, number>): Record<string, number> => {
  for (const [f, n] of Object.entries(flat)) into[f] = (into[f] ?? 0) + Number(n);
  return into;
};

/**
 * The Redis {@link Rollups}. A record is two round trips: read the message's stored state, then one script that
 * compare-and-sets it and applies the difference to the hour, day and month buckets (all under the month's tag, so
 * one slot on Cluster). A sum is one script per month the range touches (at most 14), a series one HGETALL a point.
 */
export class RedisRollups implements Rollups, RollupLoader {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  async record(state: RollupState): Promise<boolean> {
    checkRollupState(state);
    const statesKey = this.keys.rollupStates(state.hour);
    const value = `${state.version}|${JSON.stringify([state.hour, state.dims, state.metrics])}`;
    for (let i = 0; i < MAX_CAS_RETRIES; i++) {
      const raw = await this.redis.hget(statesKey, state.messageId);
      const before = parse(raw);
      if (before && before.version >= state.version) return false;
      const keys = [statesKey];
      const args: (string | number)[] = [state.messageId, raw ?? '', value, state.keepUntil ?? ''];
      for (const [k, fields] of rollupDelta(before, state)) {
        const [grain, start, ...sel] = k.split(' ');
        keys.push(this.keys.rollup(grain!, Number(start), sel.join(' ')));
        for (const [f, n] of fields) args.push(keys.length, f, n);
      }
      if ((await SCRIPTS.recordRollup.run(this.redis, keys, args)) === 1) return true;
    }
    throw casExhausted(`roll-up of message ${state.messageId}`);
  }

  /**
   * Set the fields of one bucket outright (HSET), with no message state behind them: for bulk loads (benchmarks, a
   * rebuild from an export). Not part of the port.
   */
  async load(grain: RollupGrain, start: number, selector: string, fields: Map<string, number>): Promise<void> {
    if (fields.size) await this.redis.hset(this.keys.rollup(grain, start, selector), Object.fromEntries(fields));
  }

  async sum(selector: string, since: number, until: number): Promise<Record<string, number>> {
    checkRollupRange(selector, since, until);
    // One script per month tag (a slot on Cluster): Redis sums the hashes and answers only the distinct fields.
    const byMonth = new Map<string, string[]>();
    for (const p of coverRange(since, until)) {
      const key = this.keys.rollup(p.grain, p.start, selector);
      const month = new Date(p.start).toISOString().slice(0, 7);
      byMonth.set(month, [...(byMonth.get(month) ?? []), key]);
    }
    const replies = await Promise.all(
      [...byMonth.values()].map((keys) => SCRIPTS.sumRollup.run(this.redis, keys, ['']) as Promise<string[]>),
    );
    const out: Record<string, number> = {};
    for (const flat of replies)
      for (let i = 0; i < flat.length; i += 2) out[flat[i]!] = (out[flat[i]!] ?? 0) + Number(flat[i + 1]);
    return out;
  }

  async series(
    selector: string,
    since: number,
    until: number,
    bucket: 'hour' | 'day',
  ): Promise<Record<string, number>[]> {
    checkRollupRange(selector, since, until);
    const hashes = await Promise.all(
      seriesStarts(since, until, bucket).map((t) => this.redis.hgetall(this.keys.rollup(bucket, t, selector))),
    );
    return hashes.map((h) => toFields(h, {}));
  }
}
