import { scaledClock, systemClock } from './clock';

describe('clocks', () => {
  it('systemClock follows Date.now', () => {
    expect(Math.abs(systemClock.now() - Date.now())).toBeLessThan(50);
  });

  it('scaledClock runs faster by its factor and sleeps in its own time', async () => {
    const c = scaledClock(100, 0);
    const t0 = c.now();
    const real0 = Date.now();
    await c.sleep(2000); // 20 ms of real time
    const realElapsed = Date.now() - real0;
    expect(realElapsed).toBeLessThan(1000);
    expect(c.now() - t0).toBeGreaterThanOrEqual(1900);
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
