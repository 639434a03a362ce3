import type { RollupDims, RollupState } from '../../metrics/rollup-state';
import { MAX_CAS_RETRIES } from '../shared/constants';
import type { RedisKeys } from '../redis/keys';
import type { RedisClient } from '../redis/lua';
import { SCRIPTS } from '../redis/scripts';
import { casExhausted } from '../redis/cas';
import type { RollupGrain, RollupLoader, Rollups } from './port';
import { checkRollupRange, checkRollupState, coverRange, rollupDelta, seriesStarts } from './args';
import { RecentStates } from './recent-states';
import { RecordBatcher } from './record-batch';

type Stored = {
  version: number;
  hour: number;
  dims: RollupDims;
  metrics: Record<string, number>;
  /** Undefined in states stored before it was kept: then the expiry is set again. */
  keepUntil?: number | null;
};

const parse = (raw: string): Stored | undefined => {
  if (raw === '') return undefined;
  const bar = raw.indexOf('|');
  const [hour, dims, metrics, keepUntil] = JSON.parse(raw.slice(bar + 1)) as [
    number,
    RollupDims,
    Record<string, number>,
    (number | null)?,
  ];
  return { version: Number(raw.slice(0, bar)), hour, dims, metrics, keepUntil };
};

const toFields = (flat: Record<string, string>, into: Record<string, number>): Record<string, number> => {
  for (const [f, n] of Object.entries(flat)) into[f] = (into[f] ?? 0) + Number(n);
  return into;
};

/** The month (`YYYY-MM`) of a bucket start: the tag its keys, its log and its states share. */
const monthOf = (start: number): string => new Date(start).toISOString().slice(0, 7);

/** Entries a month's log holds before a record folds it into the buckets. */
export const DEFAULT_ROLLUP_FOLD_AT = 128;

/**
 * The Redis {@link Rollups}. A record is one script call, shared by the records of the same month made in the same
 * turn of the event loop (see {@link RecordBatcher}): it compare-and-sets the message's stored state against the one
 * the difference was computed from (the state this process recorded last, else none; a mismatch answers the stored
 * state and the record is retried from it), and appends the difference to the month's log. The log is folded into
 * the hour, day and month buckets by the record that fills it (`foldAt` entries, summed first: one HMGET and one HSET
 * per bucket, not one HINCRBY per field and message) and by every read before it sums. Every key of a month shares
 * its tag (one slot on Cluster). A sum is one script per month the range touches (at most 14), a series one fold per
 * month then one HGETALL a point.
 */
export class RedisRollups implements Rollups, RollupLoader {
  private readonly recent = new RecentStates();
  private readonly batcher: RecordBatcher;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    foldAt = DEFAULT_ROLLUP_FOLD_AT,
  ) {
    this.batcher = new RecordBatcher(redis, foldAt);
  }

  async record(state: RollupState): Promise<boolean> {
    checkRollupState(state);
    const statesKey = this.keys.rollupStates(state.hour);
    const month = { log: this.keys.rollupLog(state.hour), prefix: this.keys.rollupPrefix(state.hour) };
    const value = `${state.version}|${JSON.stringify([state.hour, state.dims, state.metrics, state.keepUntil])}`;
    let raw = this.recent.get(state.messageId) ?? '';
    for (let i = 0; i < MAX_CAS_RETRIES; i++) {
      const before = parse(raw);
      if (before && before.version >= state.version) {
        this.recent.set(state.messageId, raw);
        return false;
      }
      const entry: (string | (string | number)[])[] = [];
      for (const [k, fields] of rollupDelta(before, state)) {
        const [grain, start, ...sel] = k.split(' ');
        entry.push(this.keys.rollupSuffix(grain!, Number(start), sel.join(' ')), [...fields].flat());
      }
      const res = await this.batcher.run(month, {
        statesKey,
        messageId: state.messageId,
        expected: raw,
        value,
        keepUntil: state.keepUntil,
        setExpiry: before?.keepUntil !== state.keepUntil,
        entry: entry.length ? JSON.stringify(entry) : '',
      });
      if (res === 1) {
        this.recent.set(state.messageId, value);
        return true;
      }
      raw = res;
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
    // One script per month tag (a slot on Cluster): Redis folds the month's log, sums the hashes and answers only
    // the distinct fields.
    const byMonth = new Map<string, { start: number; keys: string[] }>();
    for (const p of coverRange(since, until)) {
      const month = monthOf(p.start);
      let m = byMonth.get(month);
      if (!m) byMonth.set(month, (m = { start: p.start, keys: [this.keys.rollupLog(p.start)] }));
      m.keys.push(this.keys.rollup(p.grain, p.start, selector));
    }
    const replies = await Promise.all(
      [...byMonth.values()].map(
        (m) => SCRIPTS.sumRollup.run(this.redis, m.keys, ['', this.keys.rollupPrefix(m.start)]) as Promise<string[]>,
      ),
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
    const starts = seriesStarts(since, until, bucket);
    const months = new Map(starts.map((t) => [monthOf(t), t]));
    await Promise.all(
      [...months.values()].map((t) =>
        SCRIPTS.foldRollup.run(this.redis, [this.keys.rollupLog(t)], [this.keys.rollupPrefix(t)]),
      ),
    );
    const hashes = await Promise.all(starts.map((t) => this.redis.hgetall(this.keys.rollup(bucket, t, selector))));
    return hashes.map((h) => toFields(h, {}));
  }
}
