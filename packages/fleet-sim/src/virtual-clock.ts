import type { SimClock } from './types';

interface Sleeper {
  until: number;
  seq: number;
  wake: () => void;
}

/** How many event-loop turns in a row must pass with nothing new before the simulation counts as idle. */
const QUIET_TURNS = 3;

const turn = () => new Promise<void>((r) => setImmediate(r));

/**
 * Simulated time that moves only when a test moves it, so how fast the machine is changes nothing a test sees.
 * `advance`/`runUntil` wake sleepers one deadline at a time, in deadline order, and after each one wait for the
 * simulation to go idle (no real I/O held with {@link VirtualSimClock.hold}, nothing new for a few event-loop
 * turns) before the next: a webhook retried after 40 s shows a 40 s gap however busy the CPU is.
 * The simulator holds its own real I/O (webhook posts) through the runtime; requests a test makes are awaited by
 * the test, so time never moves while they are in flight.
 */
export class VirtualSimClock implements SimClock {
  private t: number;
  private seq = 0;
  private sleepers: Sleeper[] = [];
  private readonly held = new Set<Promise<unknown>>();
  /** Bumped by every sleep and hold: settle() waits until it stops moving. */
  private activity = 0;

  constructor(start: number = Date.UTC(2026, 0, 5, 9, 0, 0)) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.activity++;
    if (signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const entry: Sleeper = {
        until: this.t + Math.max(0, ms),
        seq: this.seq++,
        wake: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.sleepers = this.sleepers.filter((s) => s !== entry);
        resolve();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.sleepers.push(entry);
    });
  }

  /** Real I/O in flight (a webhook post): time stands still until it settles. */
  hold<T>(work: Promise<T>): Promise<T> {
    this.activity++;
    const p = work.finally(() => {
      this.held.delete(p);
      this.activity++;
    });
    this.held.add(p);
    return p;
  }

  /** Number of sleepers waiting for a time not yet reached. */
  get pending(): number {
    return this.sleepers.length;
  }

  /** Resolve once the simulation is idle: no held I/O and nothing new for a few event-loop turns. */
  async settle(): Promise<void> {
    for (let quiet = 0; quiet < QUIET_TURNS; ) {
      if (this.held.size > 0) {
        await Promise.allSettled([...this.held]);
        quiet = 0;
        continue;
      }
      const before = this.activity;
      await turn();
      quiet = this.activity === before && this.held.size === 0 ? quiet + 1 : 0;
    }
  }

  /** Wake the earliest sleeper (moving time to its deadline, never past `limit`); false when none is due by then. */
  private async step(limit: number): Promise<boolean> {
    await this.settle();
    let next: Sleeper | undefined;
    for (const s of this.sleepers)
      if (!next || s.until < next.until || (s.until === next.until && s.seq < next.seq)) next = s;
    if (!next || next.until > limit) return false;
    this.sleepers = this.sleepers.filter((s) => s !== next);
    this.t = Math.max(this.t, next.until);
    next.wake();
    await this.settle();
    return true;
  }

  /** Let `ms` of simulated time pass, waking every sleeper due on the way in order, then settle. */
  async advance(ms: number): Promise<void> {
    const target = this.t + Math.max(0, ms);
    while (await this.step(target));
    this.t = Math.max(this.t, target);
    await this.settle();
  }

  /**
   * Move time forward one deadline at a time until `done()` holds (checked when idle) and return the sim time it
   * took. Fails when it does not hold within `maxMs` of simulated time, or when nothing is left to wake.
   */
  async runUntil(done: () => boolean, maxMs = 24 * 3600_000, what = 'condition'): Promise<number> {
    const start = this.t;
    const limit = start + maxMs;
    await this.settle();
    while (!done()) {
      if (!(await this.step(limit))) {
        throw new Error(
          `VirtualSimClock: ${what} did not happen within ${maxMs} ms of sim time ` +
            `(${this.sleepers.length} sleeper(s) left)`,
        );
      }
    }
    return this.t - start;
  }
}
