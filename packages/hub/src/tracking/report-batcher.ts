/** Applies the reports of one webhook; the report processor's `process`. */
export type ApplyReports<R, T> = (connectionId: string, reports: R[], now: Date) => Promise<T>;

interface Pending<R, T> {
  connectionId: string;
  reports: R[];
  now: Date;
  resolve: (v: T) => void;
  reject: (e: unknown) => void;
}

/**
 * Group commit for gateway ingress. Webhooks whose bodies arrived in the same turn of the event loop are applied
 * together, on the next `setImmediate`, and answered together once every one of them is applied. Nothing is
 * answered before its own reports are in the store, so a gateway's retry rules are untouched, and a webhook that
 * fails fails alone (its own error, the others still applied).
 *
 * Why: under load, a report's path (dedupe, lookup, the status model's compare-and-set, the event and its delivery
 * jobs) runs back to back for the whole batch instead of interleaved with HTTP parsing, so its code and data stay
 * in cache, and the answers leave in one burst. Each webhook is still applied on its own, as concurrent requests
 * were (the store's compare-and-set makes that safe), so a Redis store still overlaps their round trips.
 * With one webhook at a time a batch is that one webhook, a turn of the event loop later.
 */
export class ReportBatcher<R, T> {
  private pending: Pending<R, T>[] = [];
  private readonly stats = { batches: 0, webhooks: 0 };

  constructor(private readonly apply: ApplyReports<R, T>) {}

  /** Apply `reports` with the next batch; resolves with what applying them returned, or rejects with its error. */
  submit(connectionId: string, reports: R[], now: Date): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ connectionId, reports, now, resolve, reject });
      if (this.pending.length === 1) setImmediate(() => void this.flush());
    });
  }

  /** Batches applied so far and the webhooks in them (their mean size is how much grouping the load gave). */
  counts(): { batches: number; webhooks: number } {
    return { ...this.stats };
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    this.stats.batches++;
    this.stats.webhooks += batch.length;
    const results = await Promise.allSettled(
      batch.map((p) => {
        try {
          return this.apply(p.connectionId, p.reports, p.now);
        } catch (e) {
          return Promise.reject(e);
        }
      }),
    );
    results.forEach((r, i) => {
      const p = batch[i]!;
      if (r.status === 'fulfilled') p.resolve(r.value);
      else p.reject(r.reason);
    });
  }
}
