import type { Clock } from '@smsfleet/core';

/**
 * A clock that moves only when told (`advance`, `set`). Sleepers wake when the clock passes their
 * deadline or their signal aborts. For tests of loops and schedules.
 */
export class ManualClock implements Clock {
  private t: number;
  private sleepers: { until: number; resolve: () => void }[] = [];

  constructor(start: number = Date.now()) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      // The abort listener is removed when the sleep ends, so a loop sleeping on one long-lived signal does not pile
      // them up.
      const onAbort = () => {
        this.sleepers = this.sleepers.filter((s) => s !== entry);
        resolve();
      };
      const entry = {
        until: this.t + ms,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      this.sleepers.push(entry);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** How many sleeps are in progress (a test waits until every loop sleeps before it moves the clock). */
  get sleepCount(): number {
    return this.sleepers.length;
  }

  /** The earliest time a sleeper waits for, or undefined when nobody sleeps (for event-driven tests: jump there). */
  nextWakeAt(): number | undefined {
    let next: number | undefined;
    for (const s of this.sleepers) if (next === undefined || s.until < next) next = s.until;
    return next;
  }

  /** Move forward by `ms` and wake every sleeper whose time has come. */
  advance(ms: number): void {
    this.set(this.t + ms);
  }

  /** Jump to `t` (never backwards) and wake every sleeper whose time has come. */
  set(t: number): void {
    this.t = Math.max(this.t, t);
    const due = this.sleepers.filter((s) => s.until <= this.t);
    this.sleepers = this.sleepers.filter((s) => s.until > this.t);
    for (const s of due) s.resolve();
  }
}
