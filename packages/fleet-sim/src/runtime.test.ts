import { getEventListeners, getMaxListeners } from 'node:events';
import { DEFAULT_TIMING, Runtime, realClock } from './runtime';
import { GroundTruth } from './truth';

describe('Runtime', () => {
  it('lets the fleet wait on its close signal with no listener-leak limit; wakes every sleeper on close', async () => {
    const rt = new Runtime(1, realClock, new GroundTruth(), DEFAULT_TIMING);
    const sleepers = Array.from({ length: 50 }, () => rt.sleep(60_000));
    await new Promise((r) => setImmediate(r));
    expect(getEventListeners(rt.signal, 'abort').length).toBeGreaterThan(50); // each sleeper, and the close promise
    expect(getMaxListeners(rt.signal)).toBe(Infinity); // Node warns past this many (10 by default)
    void rt.close();
    expect(await Promise.all(sleepers)).toEqual(Array(50).fill(false)); // woken early, by the close
  });
});
