/** Named integer counters shared by every hub (metrics). */
export interface Counters {
  /** Add `by` (an integer, default 1) and return the new value. */
  incr(key: string, by?: number): Promise<number>;
  /** Current values; a counter never incremented is 0. */
  get(keys: string[]): Promise<Record<string, number>>;
  /**
   * Count one hit of `key` in the fixed window of `windowMs` that contains `now` (epoch ms), atomically across
   * hubs, and return the window's count and when it resets. Windows expire on their own (rate limits). O(1).
   */
  hitWindow(key: string, windowMs: number, now: number): Promise<{ count: number; resetAt: number }>;
}
