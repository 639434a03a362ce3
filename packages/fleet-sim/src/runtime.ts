import { setMaxListeners } from 'node:events';
import { Prng } from './prng';
import type { GroundTruth } from './truth';
import type { FaultConfig, SimClock, TimingConfig } from './types';

/** Real time: the default clock. */
export const realClock: SimClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const t = setTimeout(done, Math.max(0, ms));
      function done() {
        clearTimeout(t);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    }),
};

/**
 * A clock running `factor` times faster than real time from `start` (default: now). With factor 60 one sim
 * minute passes per real second. Same behaviour as core's `scaledClock`, re-implemented here so the
 * simulator does not depend on core.
 */
export function scaledSimClock(factor: number, start: number = Date.now()): SimClock {
  if (!(factor > 0)) throw new RangeError('factor must be > 0');
  const realStart = Date.now();
  return {
    now: () => start + (Date.now() - realStart) * factor,
    sleep: (ms, signal) => realClock.sleep(ms / factor, signal),
  };
}

/** Fault defaults: no faults at all. */
export const DEFAULT_FAULTS: FaultConfig = {
  invalidNumbers: [],
  invalidPrefixes: [],
  permanentFailure: { code: 'RESULT_NETWORK_REJECT', reason: 'The network rejected the destination number' },
  temporaryFailureRate: 0,
  temporaryFailure: { code: 'RESULT_ERROR_NO_SERVICE', reason: 'No cellular service' },
  stuckRate: 0,
  duplicateRate: 0,
  reorderRate: 0,
  lostRate: 0,
  queueLimit: 10_000,
  webhookRetry: {},
  outages: [],
  randomOutages: null,
  webhookTargetFaults: [],
};

/** Timing defaults (sim ms): a responsive, awake phone. */
export const DEFAULT_TIMING: TimingConfig = {
  pickupMs: [200, 1_500],
  partSendMs: [100, 400],
  interMessageMs: [50, 250],
  deliveryMs: [1_000, 8_000],
  dozeWindowMs: 15 * 60_000,
  pingIntervalMs: 15 * 60_000,
  httpSmsExpiryMs: 10 * 60_000,
  webhookTimeoutRealMs: 5_000,
};

/**
 * What every part of a running fleet shares: the clock, the seed, the truth, and the close signal.
 * Background work registers with {@link Runtime.track} so `close()` can wait for it.
 */
export class Runtime {
  private readonly abort = Runtime.closeController();
  private readonly pending = new Set<Promise<unknown>>();
  private readonly streams = new Map<string, Prng>();

  constructor(
    readonly seed: number,
    readonly clock: SimClock,
    readonly truth: GroundTruth,
    readonly timing: TimingConfig,
  ) {}

  /**
   * The close signal's controller. Every phone's loops and every webhook in flight wait on its signal at once, so it
   * has as many listeners as the fleet is busy: Node's warning past 10 would be about the fleet's size, not a leak.
   */
  private static closeController(): AbortController {
    const c = new AbortController();
    setMaxListeners(Infinity, c.signal);
    return c;
  }

  /** Aborted when the fleet closes. */
  get signal(): AbortSignal {
    return this.abort.signal;
  }

  /** Whether the fleet is closing. */
  get closed(): boolean {
    return this.abort.signal.aborted;
  }

  /** Sim time now. */
  now(): number {
    return this.clock.now();
  }

  /** Real I/O the simulation waits on (a webhook post): a virtual clock does not move while it is in flight. */
  io<T>(work: Promise<T>): Promise<T> {
    return this.clock.hold ? this.clock.hold(work) : work;
  }

  /** ISO 8601 of sim time `at` (default now). */
  iso(at: number = this.now()): string {
    return new Date(at).toISOString();
  }

  /** Sleep `ms` of sim time; resolves false (early) when the fleet closes. */
  async sleep(ms: number): Promise<boolean> {
    if (this.closed) return false;
    if (ms > 0) {
      // Timers overflow past 2^31 ms: long (day-scale) sleeps are taken in chunks.
      let left = ms;
      while (left > 0 && !this.closed) {
        const step = Math.min(left, 1_000_000_000);
        await Promise.race([this.clock.sleep(step, this.signal), this.closedPromise]);
        left -= step;
      }
    } else {
      await new Promise<void>((r) => setImmediate(r));
    }
    return !this.closed;
  }

  private readonly closedPromise = new Promise<void>((resolve) => {
    this.abort.signal.addEventListener('abort', () => resolve(), { once: true });
  });

  /** Resolves when the fleet closes. */
  whenClosed(): Promise<void> {
    return this.closedPromise;
  }

  /** A named, persistent PRNG stream (e.g. ids of one gateway, in request order). */
  stream(name: string): Prng {
    let p = this.streams.get(name);
    if (!p) {
      p = Prng.fork(this.seed, name);
      this.streams.set(name, p);
    }
    return p;
  }

  /** A fresh PRNG for one entity (a message, a report): its draws never depend on other entities. */
  fork(name: string): Prng {
    return Prng.fork(this.seed, name);
  }

  /** Run background work; errors are swallowed after close and rethrown to stderr otherwise. */
  track(work: Promise<unknown>): void {
    const p = work.catch((err: unknown) => {
      if (!this.closed)
        process.emitWarning(`fleet-sim background task failed: ${String((err as Error)?.stack ?? err)}`);
    });
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  /** Stop everything and wait for background work to notice. */
  async close(): Promise<void> {
    this.abort.abort();
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}

/** Merge fault layers (fleet defaults, then phone overrides). */
export function mergeFaults(...layers: Array<Partial<FaultConfig> | undefined>): FaultConfig {
  const out: FaultConfig = { ...DEFAULT_FAULTS, webhookRetry: {} };
  for (const l of layers) {
    if (!l) continue;
    for (const [k, v] of Object.entries(l)) {
      if (v === undefined) continue;
      if (k === 'webhookRetry') out.webhookRetry = { ...out.webhookRetry, ...(v as FaultConfig['webhookRetry']) };
      else (out as unknown as Record<string, unknown>)[k] = v;
    }
  }
  return out;
}
