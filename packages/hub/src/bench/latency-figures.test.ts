import { describeFigures, quantile, roundSamples, summarise } from './latency-figures';

describe('latency figures', () => {
  it('takes nearest-rank quantiles', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(quantile(xs, 0.5)).toBe(50);
    expect(quantile(xs, 0.99)).toBe(99);
    expect(quantile(xs, 1)).toBe(100);
    expect(quantile([7], 0.99)).toBe(7);
  });

  it('measures from the intended send time, so a late generator counts against the round, not for it', () => {
    // 1000/s from t0 = 1000: reports intended at 1000, 1001, 1002, 1003; the first is warm-up.
    const schedule = { t0: 1000, rate: 1000, total: 4 };
    const rec = {
      sentAt: Float64Array.from([1000, 1001, 1005, 1005]), // reports 2 and 3 left 3 and 2 ms late
      answeredAt: Float64Array.from([1000.5, 1001.5, 1005.5, 0]), // report 3 never answered
      receivedAt: Float64Array.from([1001, 1002, 1006, 0]), // nor its webhook
      endedAt: 1010,
    };
    const r = roundSamples(schedule, 1, rec, 42);
    expect(r.latency).toEqual([1, 4, 7]); // 1006 - 1002, and the missing one as late as the round's end
    expect(r.answer).toEqual([0.5, 3.5, 7]);
    expect(r.lag).toEqual([0, 3, 2]);
    expect(r).toMatchObject({ arrived: 2, expected: 3, cpuUs: 42 });
  });

  it('pools rounds, keeps each round p99, averages CPU and says when webhooks went missing', () => {
    const round = (base: number, cpuUs?: number) => ({
      latency: Array.from({ length: 100 }, (_, i) => base + i),
      answer: [1],
      lag: [0.1],
      arrived: 100,
      expected: 100,
      ...(cpuUs === undefined ? {} : { cpuUs }),
    });
    const f = summarise([round(0, 100), { ...round(100), arrived: 99 }, round(0, 200)]);
    expect(f).toMatchObject({ p50: 74, p99: 196, max: 199, roundP99: [98, 198, 98], cpuUs: 150 });
    expect(f).toMatchObject({ arrived: 299, expected: 300, lagMax: 0.1 });
    expect(describeFigures(f)).toMatch(/^p50 74\.00 ms, p99 196 ms \(rounds: 98\.00, 198, 98\.00\)/);
    expect(describeFigures(f)).toMatch(/150 µs of server CPU per report; only 299 of 300 webhooks arrived$/);
  });
});
