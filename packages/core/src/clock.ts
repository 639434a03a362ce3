/**
 * Time, as a dependency. Pure functions take `now` directly; long-running loops (workers, the simulator)
 * take a Clock so that tests and benchmarks can run them faster than real time.
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Resolve after `ms` of this clock's time. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

function realSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, Math.max(0, ms));
    function done() {
      signal?.removeEventListener('abort', done);
      clearTimeout(t);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Wall-clock time. */
export const systemClock: Clock = { now: () => Date.now(), sleep: realSleep };

/**
 * A clock running `factor` times faster than real time, starting at `start` (default: now). With factor 60,
 * one simulated minute passes every real second.
 */
export function scaledClock(factor: number, start: number = Date.now()): Clock {
  if (!(factor > 0)) throw new RangeError('factor must be > 0');
  const realStart = Date.now();
  return {
    now: () => start + (Date.now() - realStart) * factor,
    sleep: (ms, signal) => realSleep(ms / factor, signal),
  };
}
