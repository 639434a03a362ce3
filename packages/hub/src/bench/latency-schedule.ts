/**
 * The latency bench's open-loop schedule: report n is due at an absolute time, t0 + n / rate, whatever happened to
 * the reports before it. A generator that fell behind sends its backlog at once and each report keeps its intended
 * time, so latency measured from that time counts the generator's lag instead of hiding it (coordinated omission).
 */

/** The clock the schedule runs on: monotonic milliseconds, and a sleep of that clock's time. */
export interface PaceClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** A fixed-rate schedule of `total` sends starting at `t0` (ms on the pace clock). */
export interface Schedule {
  t0: number;
  /** Sends per second. */
  rate: number;
  total: number;
}

/** When send `n` is due. */
export function intendedAt(s: Schedule, n: number): number {
  return s.t0 + (n * 1000) / s.rate;
}

/** How many sends are due by `now`: those with an intended time at or before it. */
export function dueBy(s: Schedule, now: number): number {
  if (now < s.t0) return 0;
  return Math.min(s.total, Math.floor(((now - s.t0) * s.rate) / 1000) + 1);
}

/**
 * Run `s` on `clock`: call `send(n, intended)` for every due send, in order, then sleep until the next one is due.
 * A send found late goes out at once (a burst, never skipped); `send` reads the clock itself to note the lag.
 */
export async function pace(s: Schedule, clock: PaceClock, send: (n: number, intended: number) => void): Promise<void> {
  let sent = 0;
  while (sent < s.total) {
    const due = dueBy(s, clock.now());
    for (; sent < due; sent++) send(sent, intendedAt(s, sent));
    if (sent < s.total) await clock.sleep(Math.max(0, intendedAt(s, sent) - clock.now()));
  }
}

/** A pace clock on the machine's monotonic clock, which every process on it shares (CLOCK_MONOTONIC via hrtime). */
export const monotonicClock: PaceClock = {
  now: monotonicMs,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Milliseconds on the machine-wide monotonic clock: comparable between the bench's processes. */
export function monotonicMs(): number {
  const [s, ns] = process.hrtime();
  return s * 1e3 + ns / 1e6;
}
