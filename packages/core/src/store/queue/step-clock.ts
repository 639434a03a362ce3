import type { Clock } from '../../clock';

/**
 * A clock for the worker-loop tests that moves only when told: `sleeping()` resolves once the loop sleeps, with the
 * sleep's end, and `set()` moves time on and ends a sleep that is due.
 */
export class StepClock implements Clock {
  /** On the 30 s grid (and every whole second's), where a loop's safety poll falls (worker-loop.ts). */
  t = 990_000;
  private sleeper?: { until: number; resolve: () => void };
  private waiting: ((until: number) => void)[] = [];
  now(): number {
    return this.t;
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const entry = { until: this.t + ms, resolve };
      this.sleeper = entry;
      signal?.addEventListener('abort', () => resolve(), { once: true });
      for (const w of this.waiting.splice(0)) w(entry.until);
    });
  }
  sleeping(): Promise<number> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }
  set(t: number): void {
    this.t = t;
    if (this.sleeper && this.sleeper.until <= t) this.sleeper.resolve();
  }
}
