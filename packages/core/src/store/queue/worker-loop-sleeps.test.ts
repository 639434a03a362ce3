import { StepClock } from './step-clock';
import { QueueWorkerLoop } from './worker-loop';

/** A step clock that notes the signal of every sleep. */
class SignalClock extends StepClock {
  readonly signals: (AbortSignal | undefined)[] = [];
  override sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.signals.push(signal);
    return super.sleep(ms, signal);
  }
}

function rig() {
  const clock = new SignalClock();
  let rounds = 0;
  const loop = new QueueWorkerLoop({
    clock,
    idleMs: 1_000,
    round: async () => {
      rounds++;
      return { again: false };
    },
    queues: { store: { nextDueAt: async () => undefined }, names: ['a'] },
    onError: () => undefined,
  });
  return { clock, loop, rounds: () => rounds };
}

describe('QueueWorkerLoop sleeps', () => {
  it('reuses the controller of a sleep that ran out, and a wake still ends the next sleep', async () => {
    const r = rig();
    const first = r.clock.sleeping();
    r.loop.start();
    await first;
    const second = r.clock.sleeping();
    r.clock.set(r.clock.t + 1_000); // the first sleep runs out
    await second;
    // No controller made per round: the second sleep listens on the first one's signal, which nothing aborted.
    expect(r.clock.signals).toHaveLength(2);
    expect(r.clock.signals[1]).toBe(r.clock.signals[0]);
    expect(r.clock.signals[1]!.aborted).toBe(false);
    const third = r.clock.sleeping();
    r.loop.wake(); // not lost on the reused signal: it ends the sleep and a round runs
    await third;
    expect(r.rounds()).toBe(3);
    expect(r.clock.signals[1]!.aborted).toBe(true);
    // A cut-short controller is never reused: the sleep after the wake has a fresh one.
    expect(r.clock.signals[2]).not.toBe(r.clock.signals[1]);
    expect(r.clock.signals[2]!.aborted).toBe(false);
    await r.loop.stop();
  });

  it('skips the next sleep after a wake during a round, then sleeps again', async () => {
    const clock = new SignalClock();
    let rounds = 0;
    let loop: QueueWorkerLoop | undefined;
    loop = new QueueWorkerLoop({
      clock,
      idleMs: 1_000,
      round: async () => {
        rounds++;
        if (rounds === 1) loop!.wake(); // work came in during the first round
        return { again: false };
      },
      queues: { store: { nextDueAt: async () => undefined }, names: ['a'] },
      onError: () => undefined,
    });
    const sleeping = clock.sleeping();
    loop.start();
    await sleeping;
    expect(rounds).toBe(2);
    expect(clock.signals).toHaveLength(1);
    await loop.stop();
  });
});
