import { describeReading, mergeReadings, readProbe, startProbe } from './latency-probe';

describe('latency probe', () => {
  it('serves GC pauses and event-loop delay since the last read, then starts over', async () => {
    const url = await startProbe();
    (globalThis as { gc?: () => void }).gc?.();
    const first = await readProbe(url);
    expect(first).toMatchObject({ gcCount: expect.any(Number), loopMaxMs: expect.any(Number) });
    const again = await readProbe(url);
    expect(again!.gcCount).toBeLessThanOrEqual(first!.gcCount + 1);
    expect(await readProbe('http://127.0.0.1:9/')).toBeUndefined(); // nothing listening: no reading
  });

  it('adds counts and totals over rounds, keeps the maxima and the worst p99', () => {
    const a = { gcCount: 2, gcTotalMs: 3, gcMaxMs: 2, loopP99Ms: 4, loopMaxMs: 9 };
    const b = { gcCount: 1, gcTotalMs: 5, gcMaxMs: 5, loopP99Ms: 2, loopMaxMs: 12 };
    expect(mergeReadings([a, b])).toEqual({ gcCount: 3, gcTotalMs: 8, gcMaxMs: 5, loopP99Ms: 4, loopMaxMs: 12 });
    expect(mergeReadings([])).toBeUndefined();
    expect(describeReading(mergeReadings([a, b]))).toBe(
      '; in the server: 3 GC pauses, 8 ms in all, the longest 5.0 ms; event-loop delay p99 4.0 ms (worst round), ' +
        'max 12.0 ms',
    );
    expect(describeReading(undefined)).toBe('');
  });
});
