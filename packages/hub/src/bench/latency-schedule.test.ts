import { dueBy, intendedAt, pace, type PaceClock, type Schedule } from './latency-schedule';

/** A manual clock: a sleep moves time on by what was asked plus the next planned oversleep (a busy machine's lag). */
function manualClock(start: number, oversleep: number[] = []) {
  const sleeps: number[] = [];
  let t = start;
  const clock: PaceClock = {
    now: () => t,
    sleep: async (ms) => {
      sleeps.push(ms);
      t += ms + (oversleep.shift() ?? 0);
    },
  };
  return { clock, sleeps };
}

describe('latency schedule', () => {
  const s: Schedule = { t0: 100, rate: 1000, total: 5 };

  it('puts send n at t0 + n / rate, and counts as due the sends intended at or before now', () => {
    expect([0, 1, 4].map((n) => intendedAt(s, n))).toEqual([100, 101, 104]);
    expect(intendedAt({ t0: 0, rate: 400, total: 9 }, 3)).toBe(7.5);
    expect(dueBy(s, 99.9)).toBe(0);
    expect(dueBy(s, 100)).toBe(1);
    expect(dueBy(s, 101.5)).toBe(2);
    expect(dueBy(s, 1e6)).toBe(5); // never beyond the total
  });

  it('sends each report at its intended time when the clock keeps up, sleeping until the next is due', async () => {
    const { clock, sleeps } = manualClock(97);
    const sends: [number, number, number][] = [];
    await pace(s, clock, (n, intended) => sends.push([n, intended, clock.now()]));
    expect(sends).toEqual([
      [0, 100, 100],
      [1, 101, 101],
      [2, 102, 102],
      [3, 103, 103],
      [4, 104, 104],
    ]);
    expect(sleeps).toEqual([3, 1, 1, 1, 1]);
  });

  it('sends the backlog at once after a stall, each keeping its intended time (no coordinated omission)', async () => {
    // The first sleep, 100 to 101, overruns by 2.5 ms: reports 1-3 are all due when the generator wakes at 103.5.
    const { clock } = manualClock(100, [2.5]);
    const sends: [number, number, number][] = [];
    await pace(s, clock, (n, intended) => sends.push([n, intended, clock.now()]));
    expect(sends).toEqual([
      [0, 100, 100],
      [1, 101, 103.5],
      [2, 102, 103.5],
      [3, 103, 103.5],
      [4, 104, 104],
    ]);
  });

  it('paces a rate that does not divide a millisecond on absolute times, so the error does not add up', async () => {
    const r: Schedule = { t0: 0, rate: 300, total: 301 };
    const { clock } = manualClock(0);
    const lags: number[] = [];
    const order: number[] = [];
    let last = 0;
    await pace(r, clock, (n, intended) => {
      order.push(n);
      lags.push(clock.now() - intended);
      last = intended;
    });
    expect(order).toEqual([...Array(301).keys()]);
    expect(Math.max(...lags.map(Math.abs))).toBeLessThan(1e-6);
    expect(last).toBeCloseTo(1000, 9); // the 301st send at exactly 1 s
  });
});
