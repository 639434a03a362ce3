import {
  MetricsAccumulator,
  SeriesAccumulator,
  type EngagementMetrics,
  type MessageFilter,
  type Pricing,
  type SeriesPoint,
  type Store,
} from '@smsfleet/core';

/** Filters of a metrics query. */
export interface MetricsQuery {
  since: Date;
  until: Date;
  campaign?: string;
  tag?: string;
  deviceId?: string;
  sim?: number;
  gateway?: string;
}

/**
 * Engagement metrics computed from the messages themselves (status, failure, timestamps and the engagement
 * counts that clicks, replies and opt-outs keep on each message), so every filter applies to every figure the
 * same way. It reads the messages created in the range page by page: the cost grows with the range.
 */
export class MetricsService {
  constructor(private readonly deps: { store: Store; pricing: Pricing }) {}

  private async scan(q: MetricsQuery, add: (m: Parameters<MetricsAccumulator['add']>[0]) => void): Promise<void> {
    const filter: MessageFilter = {
      since: q.since,
      until: q.until,
      ...(q.campaign ? { campaign: q.campaign } : {}),
      ...(q.tag ? { tag: q.tag } : {}),
      ...(q.deviceId ? { deviceId: q.deviceId } : {}),
      ...(q.sim ? { sim: q.sim } : {}),
      ...(q.gateway ? { gateway: q.gateway } : {}),
    };
    let cursor: string | undefined;
    do {
      const page = await this.deps.store.messages.list(filter, { limit: 500, ...(cursor ? { cursor } : {}) });
      for (const m of page.items) add(m);
      cursor = page.nextCursor;
    } while (cursor);
  }

  /** The figures over the range. */
  async summary(q: MetricsQuery): Promise<EngagementMetrics & { range: { since: string; until: string } }> {
    const acc = new MetricsAccumulator(this.deps.pricing);
    await this.scan(q, (m) => acc.add(m));
    return { range: { since: q.since.toISOString(), until: q.until.toISOString() }, ...acc.result() };
  }

  /** The figures per hour or day, oldest first. */
  async series(q: MetricsQuery, bucket: 'hour' | 'day'): Promise<{ bucket: 'hour' | 'day'; points: SeriesPoint[] }> {
    const s = new SeriesAccumulator(bucket === 'hour' ? 3600_000 : 86400_000, this.deps.pricing);
    await this.scan(q, (m) => s.add(m));
    return { bucket, points: s.points(q.since, q.until) };
  }
}
