import { MemorySignals } from '../signals/memory';
import { WAKE_CHANNEL } from './wakes';
import { StepClock } from './step-clock';
import { QueueWorkerLoop } from './worker-loop';

function rig(due: Record<string, number> = {}) {
  const clock = new StepClock();
  const signals = new MemorySignals();
  let rounds = 0;
  let gap: (() => void) | undefined;
  const loop = new QueueWorkerLoop({
    clock,
    idleMs: 1_000,
    round: async () => {
      rounds++;
      return { again: false };
    },
    queues: { store: { nextDueAt: async (q) => due[q] }, names: ['a'] },
    wakeups: {
      signals: {
        subscribe: (channel, onMessage, onGap) => {
          gap = onGap;
          return signals.subscribe(channel, onMessage);
        },
      },
      safetyMs: 30_000,
    },
    onError: () => undefined,
  });
  return { clock, signals, loop, rounds: () => rounds, gap: () => gap!() };
}

describe('QueueWorkerLoop with wake-ups', () => {
  it('sleeps the safety poll, not idleMs, once subscribed (an idle hub does not poll)', async () => {
    const r = rig();
    const first = r.clock.sleeping();
    r.loop.start();
    expect((await first) - r.clock.t).toBe(30_000);
    const second = r.clock.sleeping();
    r.clock.set(r.clock.t + 30_000);
    expect((await second) - r.clock.t).toBe(30_000);
    expect(r.rounds()).toBe(2);
    await r.loop.stop();
  });

  it('polls on the grid of the safety poll: two loops that went idle at different times wake together', async () => {
    const a = rig();
    const b = rig();
    b.clock.t = a.clock.t + 7_000; // b's round ended 7 s after a's
    const aSleeps = a.clock.sleeping();
    const bSleeps = b.clock.sleeping();
    a.loop.start();
    b.loop.start();
    expect(await aSleeps).toBe(a.clock.t + 30_000);
    expect(await bSleeps).toBe(a.clock.t + 30_000); // 23 s for b: the same grid point, not its own phase
    // Work due sooner than the grid point is not delayed to it.
    const c = rig({ a: b.clock.t + 12_000 });
    c.clock.t = b.clock.t;
    const cSleeps = c.clock.sleeping();
    c.loop.start();
    expect(await cSleeps).toBe(b.clock.t + 12_000);
    await Promise.all([a.loop.stop(), b.loop.stop(), c.loop.stop()]);
  });

  it('sleeps idleMs only, without wake-ups (a store whose subscription failed)', async () => {
    const clock = new StepClock();
    const errors: string[] = [];
    const loop = new QueueWorkerLoop({
      clock,
      idleMs: 1_000,
      round: async () => ({ again: false }),
      queues: { store: { nextDueAt: async () => undefined }, names: ['a'] },
      wakeups: { signals: { subscribe: async () => Promise.reject(new Error('redis down')) } },
      onError: (_e, during) => errors.push(during),
    });
    const first = clock.sleeping();
    loop.start();
    expect((await first) - clock.t).toBe(1_000);
    expect(errors).toEqual(['subscribe']);
    await loop.stop();
  });

  it('runs at the due time a wake-up announces for its queues, and ignores other queues', async () => {
    const r = rig();
    let s = r.clock.sleeping();
    r.loop.start();
    const safetyEnd = await s;
    const dueAt = r.clock.t + 5_000;
    s = r.clock.sleeping();
    await r.signals.publish(WAKE_CHANNEL, JSON.stringify({ other: r.clock.t, a: dueAt }));
    expect(await s).toBe(dueAt); // the sleep was shortened to the job's due time, without a round
    expect(r.rounds()).toBe(1);
    await r.signals.publish(WAKE_CHANNEL, JSON.stringify({ other: r.clock.t }));
    s = r.clock.sleeping();
    r.clock.set(dueAt);
    await s;
    expect(r.rounds()).toBe(2); // one round at the due time
    expect(safetyEnd).toBeGreaterThan(dueAt);
    await r.loop.stop();
  });

  it('runs a round at once for work due now, and after a restored subscription (a wake-up may be lost)', async () => {
    const r = rig();
    let s = r.clock.sleeping();
    r.loop.start();
    await s;
    s = r.clock.sleeping();
    await r.signals.publish(WAKE_CHANNEL, JSON.stringify({ a: r.clock.t }));
    await s;
    expect(r.rounds()).toBe(2);
    s = r.clock.sleeping();
    r.gap();
    await s;
    expect(r.rounds()).toBe(3);
    await r.loop.stop();
  });
});
