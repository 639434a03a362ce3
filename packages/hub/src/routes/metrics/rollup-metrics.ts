import {
  addFields,
  type EngagementMetrics,
  figuresFromRollups,
  foldTuples,
  type Pricing,
  pointFromRollups,
  type RollupFilter,
  rollupSelector,
  type SeriesPoint,
  type Store,
} from '@smsfleet/core';

/** A metrics query: whole hours (see `toQuery`) and the dimension filters. */
export interface RollupQuery extends RollupFilter {
  /** Start of the first hour (epoch ms). */
  since: number;
  /** End of the last hour (epoch ms), exclusive. */
  until: number;
}

/**
 * Engagement metrics read from the store's roll-ups (kept per hour, day and month as messages change; see
 * core/src/store/rollups): a summary reads at most ~120 buckets whatever the range, a series one per point. The
 * figures are those the messages themselves give (the property test of the rollups contract checks it), except that
 * percentiles come from log buckets, within 2.2 %. Purged messages still count: roll-ups outlive them.
 */
export class RollupMetrics {
  constructor(private readonly deps: { store: Pick<Store, 'rollups'>; pricing: Pricing }) {}

  /** The figures over the range. */
  async summary(q: RollupQuery): Promise<EngagementMetrics & { range: { since: string; until: string } }> {
    const { selector, match } = rollupSelector(q);
    const raw = await this.deps.store.rollups.sum(selector, q.since, q.until);
    return {
      range: { since: new Date(q.since).toISOString(), until: new Date(q.until).toISOString() },
      ...figuresFromRollups(match ? foldTuples(raw, match) : raw, this.deps.pricing),
    };
  }

  /** The figures per hour or UTC day, oldest first. */
  async series(q: RollupQuery, bucket: 'hour' | 'day'): Promise<{ bucket: 'hour' | 'day'; points: SeriesPoint[] }> {
    const { selector, match } = rollupSelector(q);
    const raw = await this.deps.store.rollups.series(selector, q.since, q.until, bucket);
    const step = bucket === 'hour' ? 3600_000 : 86400_000;
    const first = Math.floor(q.since / step) * step;
    const points = raw.map((r, i) =>
      pointFromRollups(first + i * step, match ? foldTuples(r, match) : addFields({}, r)),
    );
    return { bucket, points };
  }
}
