import type { Clock } from '../../clock';
import { type LoopRound, QueueWorkerLoop, type QueueWorkerLoopOptions } from './worker-loop';

/** A clock that never moves by itself: each sleep is recorded and handed to the test, which ends it. */
class SleepLog implements Clock {
  t = 1_000_000;
  readonly sleeps: number[] = [];
  private waiting: ((ms: number) => void)[] = [];
  private ends: (() => void)[] = [];
  now(): number {
    return this.t;
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    for (const w of this.waiting.splice(0)) w(ms);
    if (signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      this.ends.push(resolve);
      signal?.addEventListener('abort', () => resolve(), { once: true });
    });
  }
  /** Resolves with the length of the next sleep the loop starts. */
  nextSleep(): Promise<number> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }
  /** End every sleep in progress. */
  endSleeps(): void {
    for (const e of this.ends.splice(0)) e();
  }
}

function rig(over: Partial<QueueWorkerLoopOptions> & { rounds?: LoopRound[]; due?: Record<string, number> } = {}) {
  const clock = new SleepLog();
  const errors: string[] = [];
  const rounds = [...(over.rounds ?? [])];
  let ran = 0;
  const dueLookups: string[] = [];
  const loop = new QueueWorkerLoop({
    clock,
    idleMs: 1000,
    round: async () => {
      ran++;
      return rounds.shift() ?? { again: false };
    },
    queues: {
      store: {
        nextDueAt: async (q) => {
          dueLookups.push(q);
          return over.due?.[q];
        },
      },
      names: ['a', 'b'],
    },
    onError: (err, during) => errors.push(`${during}: ${(err as Error).message}`),
    ...over,
  });
  return { clock, loop, errors, dueLookups, ran: () => ran };
}

describe('QueueWorkerLoop', () => {
  it('sleeps until the earliest due job, at most idleMs', async () => {
    const r = rig({ due: { a: 1_000_300, b: 1_000_200 } });
    const slept = r.clock.nextSleep();
    r.loop.start();
    expect(await slept).toBe(200);
    await r.loop.stop();

    const idle = rig({ due: { a: 1_005_000 } });
    const s2 = idle.clock.nextSleep();
    idle.loop.start();
    expect(await s2).toBe(1000);
    await idle.loop.stop();
  });

  it('plans the sleep from the next due time a round looked up, without asking the store again', async () => {
    const r = rig({ due: { a: 1_000_900 }, rounds: [{ again: false, next: { at: 1_000_300 } }] });
    const slept = r.clock.nextSleep();
    r.loop.start();
    expect(await slept).toBe(300);
    expect(r.dueLookups).toEqual([]);
    await r.loop.stop();
  });

  it('ignores the due jobs of a held queue until the hold ends (claims held while the fleet is full)', async () => {
    let held = 1_000_700;
    const r = rig({
      due: { a: 1_000_050, b: 1_000_900 },
      queues: {
        store: { nextDueAt: async (q) => ({ a: 1_000_050, b: 1_000_900 })[q] },
        names: ['a', 'b'],
        heldUntil: (q) => (q === 'a' ? held : 0),
      },
    });
    const slept = r.clock.nextSleep();
    r.loop.start();
    expect(await slept).toBe(700);
    held = 0; // the fleet freed up
    const next = r.clock.nextSleep();
    r.clock.endSleeps();
    expect(await next).toBe(50);
    await r.loop.stop();
  });

  it('runs again at once while a round finds work, and sleeps idleMs without a look-up when full', async () => {
    const r = rig({ rounds: [{ again: true }, { again: true }, { again: false, full: true }], due: { a: 1_000_010 } });
    const slept = r.clock.nextSleep();
    r.loop.start();
    expect(await slept).toBe(1000);
    expect(r.ran()).toBe(3);
    expect(r.dueLookups).toEqual([]);
    await r.loop.stop();
  });

  it('keeps a wake that comes during a round: the next sleep is skipped', async () => {
    let loop!: QueueWorkerLoop;
    let first = true;
    const r = rig({
      round: async () => {
        if (first) loop.wake(); // something was enqueued while this round ran
        first = false;
        return { again: false };
      },
    });
    loop = r.loop;
    const slept = r.clock.nextSleep();
    r.loop.start();
    expect(await slept).toBe(1000);
    expect(r.dueLookups).toEqual(['a', 'b', 'a', 'b']); // two rounds, one sleep skipped
    expect(r.clock.sleeps).toEqual([1000]);
    const again = r.clock.nextSleep();
    r.loop.wake(); // and a wake during a sleep ends it
    expect(await again).toBe(1000);
    await r.loop.stop();
  });

  it('reports a failed round or look-up and goes on', async () => {
    let n = 0;
    const r = rig({
      round: async () => {
        if (++n === 1) throw new Error('store down');
        return { again: false };
      },
      queues: {
        store: {
          nextDueAt: async () => {
            throw new Error('still down');
          },
        },
        names: ['a'],
      },
    });
    const slept = r.clock.nextSleep();
    r.loop.start();
    expect(await slept).toBe(1000);
    const next = r.clock.nextSleep();
    r.clock.endSleeps();
    await next;
    expect(n).toBe(2);
    expect(r.errors).toEqual(['round: store down', 'next-due: still down', 'next-due: still down']);
    await r.loop.stop();
  });

  it('stops on stop() or on its signal, and waits for the work it started', async () => {
    let settled = false;
    const r = rig({
      settle: async () => {
        await Promise.resolve();
        settled = true;
      },
    });
    const ac = new AbortController();
    const slept = r.clock.nextSleep();
    r.loop.start(ac.signal);
    await slept;
    expect(r.loop.running).toBe(true);
    ac.abort();
    await r.loop.stop();
    expect(settled).toBe(true);
    expect(r.loop.running).toBe(false);
  });
});
