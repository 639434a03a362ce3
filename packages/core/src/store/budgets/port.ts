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
  /** Calendar budgets (a SIM's local day or month) the amount must also fit in, counted in the same step. */
  periods?: PeriodLimit[];
  /** A distinct-recipient cap the reservation must also fit: the recipient's slot is taken in the same step. */
  recipient?: RecipientLimit;
}

/** A budget over one fixed calendar period: the amounts reserved while it lasts, at most `max`. */
export interface PeriodLimit {
  /** The period's name, unique per budget key (e.g. `d:2026-12-07`). */
  period: string;
  max: number;
  /** Epoch ms the period ends at: a refusal's `retryAt`, and when its count may be forgotten. */
  endsAt: number;
}

/** A cap on distinct recipients per period: a recipient already counted costs nothing. */
export interface RecipientLimit {
  period: string;
  /** Most distinct recipients in the period. */
  limit: number;
  endsAt: number;
  /** The recipient (an E.164 number). */
  recipient: string;
}

/** What refused a reservation: a sliding window, a calendar period, or the distinct-recipient cap. */
export type RefusedBy = 'window' | 'period' | 'recipients';

/** A refused reservation. `by` is set when a calendar period or the recipient cap refused it. */
export interface Refusal {
  ok: false;
  retryAt: number;
  by?: Exclude<RefusedBy, 'window'>;
  /** How the budget's sliding windows stand (nothing was reserved). */
  usage?: BudgetUsage;
}

/** A reservation made. */
export interface Reserved {
  ok: true;
  reservationId: string;
  /** How the budget's sliding windows stand, this reservation included. */
  usage?: BudgetUsage;
}

/**
 * How a budget's sliding windows stood at a reservation's `now`, right after it was decided, read in the same step:
 * what a caller keeps as its own view of the budget (the router, so it need not read every SIM for every message).
 */
export interface BudgetUsage {
  /** Amount used per limit of the call, in order. */
  used: number[];
  /**
   * The newest reservations counted by any of the limits (at most {@link USAGE_ENTRIES}), by stamp, oldest first.
   * Older ones are counted only in `used`.
   */
  entries: { at: number; amount: number }[];
}

/** Most entries a {@link BudgetUsage} lists. */
export const USAGE_ENTRIES = 128;

/** How a budget stands at `now`, read in one step (see {@link SegmentBudgets.standing}). */
export interface BudgetStanding {
  /** Used per sliding window, in order. */
  windows: number[];
  /** Used per calendar period, in order. */
  periods: number[];
  /** The recipient cap's period: distinct recipients so far, and whether this recipient is one of them. */
  recipients?: { count: number; known: boolean };
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
   * succeed and is `SMSFLEET_ERR_VALIDATION` (field `amount`). Either answer carries the budget's
   * {@link BudgetUsage} after the step.
   */
  reserve(
    key: string,
    amount: number,
    limits: BudgetLimit[],
    now: number,
    opts?: ReserveOptions,
  ): Promise<Reserved | Refusal>;
  /**
   * Give back a reservation (the send never reached the phone), with the calendar periods it was counted in. A
   * recipient slot it took stays taken for its period, and a reservation already out of every sliding window gives
   * nothing back: the caps err on the side of the carrier.
   */
  release(key: string, reservationId: string, periods?: string[]): Promise<void>;
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
  /**
   * How the budget's sliding windows stand at `now` under `limits`, as {@link reserve} answers it (`limits` are
   * checked as there), without reserving anything.
   */
  usage(key: string, limits: BudgetLimit[], now: number): Promise<BudgetUsage>;
  /** {@link used} for several windows at once, in one round trip: one amount per window, in order. */
  usedIn(key: string, windowsMs: number[], now: number): Promise<number[]>;
  /**
   * {@link usedIn} plus the amounts counted in calendar `periods` and, with `recipient`, the distinct recipients of
   * its period and whether `recipient.recipient` (when given) is among them: what the router needs of a capped SIM,
   * in one step.
   */
  standing(
    key: string,
    windowsMs: number[],
    now: number,
    periods: string[],
    recipient?: { period: string; recipient?: string },
  ): Promise<BudgetStanding>;
}
