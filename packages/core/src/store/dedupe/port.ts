/** First-seen checks with expiry, e.g. for gateway event ids. */
export interface Dedupe {
  /** True the first time `key` is seen within `ttlMs`; false for a duplicate. Atomic across hubs. */
  firstSeen(key: string, ttlMs: number): Promise<boolean>;
  /**
   * True when `key` was marked by {@link firstSeen} and has not expired; marks nothing. Lets a caller check first,
   * process idempotently, and mark only once the processing completed (a failure then leaves the retry welcome).
   */
  seen(key: string): Promise<boolean>;
}
