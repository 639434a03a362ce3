import { VirtualSimClock } from './virtual-clock';

describe('VirtualSimClock', () => {
  it('stands still until advanced, then wakes sleepers in deadline order at their exact times', async () => {
    const c = new VirtualSimClock(1_000);
    const woke: Array<[string, number]> = [];
    const nap = async (name: string, ms: number) => {
      await c.sleep(ms);
      woke.push([name, c.now()]);
    };
    void nap('b', 40_000);
    void nap('a', 10_000);
    await c.settle();
    expect(c.now()).toBe(1_000);
    expect(woke).toEqual([]);
    await c.advance(30_000);
    expect(woke).toEqual([['a', 11_000]]);
    expect(c.now()).toBe(31_000);
    await c.advance(30_000);
    expect(woke).toEqual([
      ['a', 11_000],
      ['b', 41_000],
    ]);
  });

  it('runUntil steps one deadline at a time, waits for held I/O, and reports the sim time it took', async () => {
    const c = new VirtualSimClock(0);
    let attempts = 0;
    const retry = async () => {
      for (const gap of [10_000, 20_000, 40_000]) {
        // Real I/O that takes a while in real time: the clock must not move meanwhile.
        await c.hold(new Promise((r) => setTimeout(r, 30)));
        attempts++;
        await c.sleep(gap);
      }
    };
    void retry();
    const took = await c.runUntil(() => attempts === 3);
    expect(took).toBe(30_000);
  });

  it('fails runUntil past maxMs instead of spinning, and wakes a sleeper early on abort', async () => {
    const c = new VirtualSimClock(0);
    void c.sleep(5_000);
    await expect(c.runUntil(() => false, 60_000, 'never')).rejects.toThrow(/never did not happen within 60000 ms/);
    const ac = new AbortController();
    const p = c.sleep(1_000_000, ac.signal);
    ac.abort();
    await p;
    expect(c.pending).toBe(0);
  });
});
