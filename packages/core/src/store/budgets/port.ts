/** A sending limit over a sliding window. */
export interface BudgetLimit {
  max: number;
  windowMs: number;
}

/** Options of {@link SegmentBudgets.reserve}. */
export interface ReserveOptions {
  /**
   * The time the reservation counts from, `now` or later (default `now`). The router stamps a hand-over at the
   * latest time the phone may send it, and restamps it when the phone confirms the real send.
   */
  at?: number;
}

/**
 * Per-SIM segment budgets over sliding windows (Android's 30 segments per 60 s, a carrier's hourly cap),
 * shared by every hub so that no SIM's limit is ever tripped.
 */
export interface SegmentBudgets {
  /**
   * Atomically reserve `amount` under every limit, or reserve nothing. When refused, `retryAt` is the
   * earliest epoch ms at which the reservation could succeed. A reservation stamped at time `t` (`opts.at`,
   * default `now`) counts from when it is made until `t + windowMs`. An amount above a limit's `max` could never
   * succeed and is `SMSFLEET_ERR_VALIDATION` (field `amount`).
   */
  reserve(
    key: string,
    amount: number,
    limits: BudgetLimit[],
    now: number,
    opts?: ReserveOptions,
  ): Promise<{ ok: true; reservationId: string } | { ok: false; retryAt: number }>;
  /** Give back a reservation (the send never reached the phone). */
  release(key: string, reservationId: string): Promise<void>;
  /**
   * Move a reservation to time `at` (earlier or later) without checking the limits: the router calls it when a
   * phone confirms it sent the message, with a time no earlier than the real send. Returns the reservation's new
   * id, or undefined when it is gone (released, or out of every window).
   */
  restamp(key: string, reservationId: string, at: number): Promise<string | undefined>;
  /**
   * Amount used inside the window ending at `now`: reservations made after `now - windowMs` (as `reserve` counts them).
   */
  used(key: string, windowMs: number, now: number): Promise<number>;
  /** {@link used} for several windows at once, in one round trip: one amount per window, in order. */
  usedIn(key: string, windowsMs: number[], now: number): Promise<number[]>;
}
