import type { RollupCell, RollupState } from '../../metrics/rollup-state';
import { MAX_CAS_RETRIES } from '../shared/constants';
import type { RedisKeys } from '../redis/keys';
import type { RedisClient } from '../redis/lua';
import { SCRIPTS } from '../redis/scripts';
import { casExhausted } from '../redis/cas';
import type { Rollups } from './port';
import { checkRollupRange, checkRollupState, coverRange, rollupDelta, seriesStarts } from './args';

type Stored = { version: number; hour: number; cells: RollupCell[] };

const parse = (raw: string | null): Stored | undefined => {
  if (raw === null) return undefined;
  const bar = raw.indexOf('|');
  const [hour, cells] = JSON.parse(raw.slice(bar + 1)) as [number, RollupCell[]];
  return { version: Number(raw.slice(0, bar)), hour, cells };
};

const toFields = (flat: Record<string, string>, into: Record<string, number>): Record<string, number> => {
  for (const [f, n] of Object.entries(flat)) into[f] = (into[f] ?? 0) + Number(n);
  return into;
};

/**
 * The Redis {@link Rollups}. A record is two round trips: read the message's stored state, then one script that
 * compare-and-sets it and applies the difference to the hour, day and month buckets (all under the month's tag, so
 * one slot on Cluster). A read is one pipelined HGETALL per covering bucket.
 */
export class RedisRollups implements Rollups {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  async record(state: RollupState): Promise<boolean> {
    checkRollupState(state);
    const statesKey = this.keys.rollupStates(state.hour);
    const value = `${state.version}|${JSON.stringify([state.hour, state.cells])}`;
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

  async sum(selector: string, since: number, until: number): Promise<Record<string, number>> {
    checkRollupRange(selector, since, until);
    const hashes = await Promise.all(
      coverRange(since, until).map((p) => this.redis.hgetall(this.keys.rollup(p.grain, p.start, selector))),
    );
    const out: Record<string, number> = {};
    for (const h of hashes) toFields(h, out);
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
