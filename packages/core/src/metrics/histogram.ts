/**
 * Time-to-deliver histograms that merge by addition: a value `v` (ms) falls in log bucket `i` = floor(16 log2 v) + 1
 * (bucket 0 holds v < 1), so each bucket spans a factor of 2^(1/16) and a bucket's geometric middle is within
 * 2^(1/32) - 1 (2.2 %) of any value in it. A percentile read from buckets is therefore within 2.2 % (and 1 ms, for
 * the rounding) of the exact nearest-rank percentile. Values up to a year use under 600 buckets; stored sparsely.
 */
export const HISTOGRAM_SUB_BUCKETS = 16;

/** Relative error bound of a percentile read from the buckets. */
export const HISTOGRAM_RELATIVE_ERROR = 2 ** (1 / (2 * HISTOGRAM_SUB_BUCKETS)) - 1;

/** The bucket of `ms`. */
export function histogramBucket(ms: number): number {
  if (!(ms >= 1)) return 0;
  return Math.floor(HISTOGRAM_SUB_BUCKETS * Math.log2(ms)) + 1;
}

/** The value a bucket stands for: the geometric middle of its bounds, rounded to a ms (0 for bucket 0). */
export function histogramValue(bucket: number): number {
  if (bucket <= 0) return 0;
  return Math.round(2 ** ((bucket - 0.5) / HISTOGRAM_SUB_BUCKETS));
}

/** Nearest-rank percentile `p` (0-100] of a histogram given as bucket -> count; null when it is empty. */
export function histogramPercentile(counts: ReadonlyMap<number, number>, p: number): number | null {
  const buckets = [...counts].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const total = buckets.reduce((s, [, n]) => s + n, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let seen = 0;
  for (const [b, n] of buckets) {
    seen += n;
    if (seen >= rank) return histogramValue(b);
  }
  return histogramValue(buckets[buckets.length - 1]![0]);
}
