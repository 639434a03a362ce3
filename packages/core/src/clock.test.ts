import { scaledClock, systemClock } from './clock';

describe('clocks', () => {
  it('systemClock follows Date.now', () => {
    // Bracketed, not within a margin: a busy machine may pause this process between any two calls.
    const before = Date.now();
    const now = systemClock.now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it('scaledClock runs faster by its factor and sleeps in its own time', async () => {
    // Real time under jest's fake timers: it moves only when the test moves it, so load cannot stretch it.
    jest.useFakeTimers({ now: 1_000_000 });
    try {
      const c = scaledClock(100, 0);
      let woke = false;
      const slept = c.sleep(2000).then(() => {
        woke = true;
      });
      await jest.advanceTimersByTimeAsync(19);
      expect(woke).toBe(false);
      await jest.advanceTimersByTimeAsync(1); // 2000 ms of its time is 20 ms of real time
      await slept;
      expect(woke).toBe(true);
      expect(c.now()).toBe(2000);
    } finally {
      jest.useRealTimers();
    }
  });

  it('sleep ends early when aborted', async () => {
    const ac = new AbortController();
    const p = systemClock.sleep(60_000, ac.signal);
    ac.abort();
    await expect(p).resolves.toBeUndefined();
  });

  it('refuses a non-positive factor', () => {
    expect(() => scaledClock(0)).toThrow(RangeError);
  });
});
