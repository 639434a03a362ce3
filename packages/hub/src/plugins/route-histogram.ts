import type { Metric, Registry } from 'prom-client';

/** The figures of one method and route. */
interface Series {
  labels: { method: string; route: string };
  /** Observations per bucket (not cumulative): `buckets[i]` counts values in (bounds[i - 1], bounds[i]]. */
  buckets: number[];
  sum: number;
  count: number;
}

/**
 * A Prometheus histogram labelled by method and route, which the registry writes exactly as it writes prom-client's
 * `Histogram` (same series, order and labels), but whose observation is two Map hits on strings that keep their hash
 * (the route's pattern, node's method names) and a bucket count, where prom-client's builds, checks and hashes a label
 * string on every observation (about 1.5 µs of each request).
 */
export class RouteHistogram {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private series: Series[] = [];
  private byRoute = new Map<string, Map<string, Series>>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly bounds: readonly number[],
    registry: Registry,
  ) {
    registry.registerMetric(this as unknown as Metric);
  }

  /** Count one request of `method` on `route` that took `seconds`. */
  observe(method: string, route: string, seconds: number): void {
    if (!Number.isFinite(seconds)) throw new TypeError(`Value is not a valid number: ${seconds}`);
    let byMethod = this.byRoute.get(route);
    if (byMethod === undefined) this.byRoute.set(route, (byMethod = new Map()));
    let s = byMethod.get(method);
    if (s === undefined) {
      s = { labels: { method, route }, buckets: this.bounds.map(() => 0), sum: 0, count: 0 };
      byMethod.set(method, s);
      this.series.push(s);
    }
    s.sum += seconds;
    s.count += 1;
    const { bounds } = this;
    for (let i = 0; i < bounds.length; i++) {
      if (seconds <= bounds[i]!) {
        s.buckets[i]! += 1;
        break;
      }
    }
  }

  /** The values as prom-client's `Histogram.get` gives them: per series its cumulative buckets, `+Inf`, sum, count. */
  async get() {
    const values: { labels: Record<string, string | number>; value: number; metricName: string; exemplar?: null }[] =
      [];
    const bucket = `${this.name}_bucket`;
    for (const s of this.series) {
      let acc = 0;
      this.bounds.forEach((le, i) => {
        acc += s.buckets[i]!;
        values.push({ labels: { le, ...s.labels }, value: acc, metricName: bucket, exemplar: null });
      });
      values.push({ labels: { le: '+Inf', ...s.labels }, value: s.count, metricName: bucket, exemplar: null });
      values.push({ labels: { ...s.labels }, value: s.sum, metricName: `${this.name}_sum` });
      values.push({ labels: { ...s.labels }, value: s.count, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }

  /** Forget every series (the registry's `resetMetrics`). */
  reset(): void {
    this.series = [];
    this.byRoute = new Map();
  }
}
