/**
 * Android's `SmsUsageMonitor`: at most `max` segments per sliding window of `windowMs` per SIM. A send
 * that would exceed the budget is refused with `RESULT_ERROR_LIMIT_EXCEEDED` and is not counted.
 */
export class SegmentLimiter {
  private readonly sent: Array<{ at: number; parts: number }> = [];

  /**
   * @param max segments allowed per window (Android default 30)
   * @param windowMs window length in sim ms (Android default 60 000)
   */
  constructor(
    readonly max: number,
    readonly windowMs = 60_000,
  ) {}

  /** Segments counted in the window ending at `now`. */
  used(now: number): number {
    this.prune(now);
    return this.sent.reduce((n, e) => n + e.parts, 0);
  }

  /** Record `parts` at `now` if they fit in the budget; false (and nothing recorded) otherwise. */
  tryAcquire(now: number, parts: number): boolean {
    if (this.used(now) + parts > this.max) return false;
    this.sent.push({ at: now, parts });
    return true;
  }

  private prune(now: number): void {
    // AOSP drops timestamps strictly older than now - interval.
    while (this.sent.length > 0 && this.sent[0]!.at < now - this.windowMs) this.sent.shift();
  }
}
