import type { RollupState } from '../../metrics/rollup-state';

/** Roll-up bucket sizes: every state is counted in its hour, its UTC day and its UTC month. */
export type RollupGrain = 'hour' | 'day' | 'month';

/**
 * Metric roll-ups: per bucket (hour, day, month of the messages' createdAt) and selector (`all`, `c:<campaign>`,
 * `t:<tag>`, `x` by dimension tuple), integer fields summed over messages. The roll-ups are the sum of the latest
 * state {@link record}ed for every message: recording a state replaces that message's previous one (the store keeps
 * it, and applies the difference atomically with the check), so recording the same or an older version again is a
 * no-op. Any number of duplicate, late or out-of-order records therefore leave the roll-ups equal to the sum over
 * the newest state of each message. Roll-ups outlive the messages: a purge never touches them.
 */
export interface Rollups {
  /**
   * Make `state` the message's contribution, unless one of the same or a newer version is recorded. Returns true
   * when it was applied. An invalid state is `SMSFLEET_ERR_VALIDATION` and nothing is written.
   */
  record(state: RollupState): Promise<boolean>;
  /**
   * The fields of `selector` summed over the hours in [since, until) (epoch ms, whole hours, at most 400 days), read
   * from at most ~120 buckets (months, then days, then hours at the edges): the cost does not grow with the range.
   */
  sum(selector: string, since: number, until: number): Promise<Record<string, number>>;
  /** The fields of `selector` per hour or UTC day from the bucket holding `since` to `until`, oldest first. */
  series(selector: string, since: number, until: number, bucket: 'hour' | 'day'): Promise<Record<string, number>[]>;
}

/** The bulk loader both adapters also have (not part of {@link Rollups}): set one bucket's fields outright. */
export interface RollupLoader {
  load(grain: RollupGrain, start: number, selector: string, fields: Map<string, number>): void | Promise<void>;
}
