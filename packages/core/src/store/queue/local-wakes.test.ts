import { MemorySignals } from '../signals/memory';
import { StepClock } from './step-clock';
import { MemoryQueues } from './memory';
import { decodeWake, wakingQueue } from './wakes';
import { BUSY_MS, type LoopRound, QueueWorkerLoop } from './worker-loop';

const turn = () => new Promise((r) => setImmediate(r));

/** A loop over queue `a` of a waking memory queue, with the wake-ups published to the other hubs. */
function rig(round: (r: { clock: StepClock; n: number }) => Promise<LoopRound>) {
  const clock = new StepClock();
  const signals = new MemorySignals();
  const published: Map<string, number>[] = [];
  const shared = {
    publish: async (channel: string, message: string) => {
      published.push(decodeWake(message));
      await signals.publish(channel, message);
    },
    subscribe: signals.subscribe.bind(signals),
  };
  const queue = wakingQueue(new MemoryQueues(), shared);
  let n = 0;
  const loop = new QueueWorkerLoop({
    clock,
    idleMs: 1_000,
    round: async () => {
      await queue.claim('a', clock.t, 10, 60_000); // what is due is taken (and leased a minute)
      return round({ clock, n: ++n });
    },
    queues: { store: queue, names: ['a'] },
    wakeups: { signals: shared, safetyMs: 30_000 },
    onError: () => undefined,
  });
  return { clock, queue, loop, published, rounds: () => n };
}

describe('local wake-ups (a waking queue and the worker loops of its process)', () => {
  it('wakes a loop of this process for new work without publishing, at once or at its due time', async () => {
    const r = rig(async () => ({ again: false }));
    let asleep = r.clock.sleeping();
    r.loop.start();
    expect(await asleep).toBe(r.clock.t + 30_000); // subscribed: the safety poll
    asleep = r.clock.sleeping();
    await r.queue.enqueue('a', { id: 'later', dueAt: r.clock.t + 5_000, payload: 0 });
    expect(await asleep).toBe(r.clock.t + 5_000); // replanned to the job's due time
    expect(r.rounds()).toBe(1);
    asleep = r.clock.sleeping();
    await r.queue.enqueue('a', { id: 'now', dueAt: r.clock.t, payload: 0 });
    await asleep;
    expect(r.rounds()).toBe(2); // ran a round for it
    await r.queue.enqueue('b', { id: 'other', dueAt: r.clock.t, payload: 0 }); // no loop here claims from b
    await turn();
    expect(r.published).toEqual([new Map([['b', r.clock.t]])]);
    await r.loop.stop();
    await r.queue.enqueue('a', { id: 'gone', dueAt: r.clock.t, payload: 0 }); // detached: the other hubs hear of it
    await turn();
    expect(r.published.at(-1)).toEqual(new Map([['a', r.clock.t]]));
  });

  it('publishes due work written while its loop is busy, and a busy loop asks other hubs for help once', async () => {
    let during: Map<string, number>[] = [];
    let t0 = 0;
    const r = rig(async ({ clock, n }) => {
      clock.t += BUSY_MS; // each round takes that long
      if (n === 2) {
        await r.queue.enqueue('a', { id: 'due', dueAt: t0 + BUSY_MS, payload: 0 }); // due at this round's claim
        await r.queue.enqueue('a', { id: 'later', dueAt: clock.t + 5_000, payload: 0 }); // taken here when due
        await turn(); // announced while the loop is in its round, busy since the first one
        during = [...r.published];
      }
      return { again: n < 4 };
    });
    t0 = r.clock.t;
    const asleep = r.clock.sleeping();
    r.loop.start();
    await asleep;
    expect(during).toEqual([new Map([['a', t0 + BUSY_MS]])]);
    // Help asked once, after the second round with work (one round with work is no backlog), not after every round.
    expect(r.published).toEqual([...during, new Map([['a', t0 + 2 * BUSY_MS]])]);
  });

  it('does not publish work written while its idle loop plans its sleep or runs a short round', async () => {
    const r = rig(async ({ n }) => {
      if (n === 1) await r.queue.enqueue('a', { id: 'j', dueAt: 0, payload: 0 });
      await turn();
      return { again: n === 1 };
    });
    const asleep = r.clock.sleeping();
    r.loop.start();
    await asleep;
    expect(r.rounds()).toBe(2);
    expect(r.published).toEqual([]);
  });

  it('ignores the wake of a write its round started after (already woken by hand, as the publisher does)', async () => {
    const r = rig(async () => ({ again: false }));
    let asleep = r.clock.sleeping();
    r.loop.start();
    await asleep;
    asleep = r.clock.sleeping();
    await r.queue.enqueue('a', { id: 'j', dueAt: r.clock.t, payload: 0 });
    r.loop.wake(); // the writer wakes its loop itself: the round starts before the queue's wake goes out
    await asleep;
    asleep = r.clock.sleeping();
    await turn();
    await turn();
    expect(r.rounds()).toBe(2); // no empty round for the wake of a job the second round took
    expect(r.published).toEqual([]);
  });
});
