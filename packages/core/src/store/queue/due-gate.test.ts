import { MemorySignals } from '../signals/memory';
import { WAKE_CHANNEL, wakingQueue } from './wakes';
import { StepClock } from './step-clock';
import { MemoryQueues } from './memory';
import type { JobQueue } from './port';
import { QueueWorkerLoop } from './worker-loop';

const turn = () => new Promise((r) => setImmediate(r));

/**
 * A loop over queues `a` and `b` of a waking memory queue whose round claims a queue only when the loop's look says it
 * may have due work; the claims and the nextDueAt look-ups are recorded.
 */
function rig(opts: { wakeups?: boolean } = {}) {
  const clock = new StepClock();
  const signals = new MemorySignals();
  const inner = wakingQueue(new MemoryQueues(), signals);
  const lookups: string[] = [];
  const queue = new Proxy(inner, {
    get: (q, k) =>
      k === 'nextDueAt'
        ? (n: string) => {
            lookups.push(n);
            return q.nextDueAt(n);
          }
        : Reflect.get(q, k, q),
  }) as JobQueue;
  const claims: string[][] = [];
  const loop = new QueueWorkerLoop({
    clock,
    idleMs: 1_000,
    round: async (look) => {
      const round: string[] = [];
      for (const q of ['a', 'b']) {
        if (!look.due(q)) continue;
        round.push(q);
        for (const j of await queue.claim(q, clock.t, 10, 60_000)) await queue.ack(q, j.id);
      }
      claims.push(round);
      return { again: false };
    },
    queues: { store: queue, names: ['a', 'b'] },
    ...(opts.wakeups === false ? {} : { wakeups: { signals, safetyMs: 30_000 } }),
    onError: () => undefined,
  });
  return { clock, queue, signals, loop, claims, lookups };
}

describe('due gate (a worker loop claims only from queues with due work)', () => {
  it('skips queues whose next work is later, and learns when without a look-up of its own', async () => {
    const r = rig();
    const t0 = r.clock.t;
    await r.queue.enqueue('b', { id: 'later', dueAt: t0 + 5_000, payload: 0 });
    let asleep = r.clock.sleeping();
    r.loop.start();
    await turn();
    expect(await asleep).toBe(t0 + 5_000); // planned from what the round's claims said
    expect(r.claims).toEqual([['a', 'b']]);
    expect(r.lookups.sort()).toEqual(['a', 'b']); // one per claim (free on Redis: answered from the claim)
    // New work on a: the next round claims a only (b has nothing due before 5 s).
    asleep = r.clock.sleeping();
    r.clock.set(t0 + 1_000);
    await r.queue.enqueue('a', { id: 'now', dueAt: t0 + 1_000, payload: 0 });
    expect(await asleep).toBe(t0 + 5_000);
    expect(r.claims.at(-1)).toEqual(['a']);
    // At b's due time, b only.
    asleep = r.clock.sleeping();
    r.clock.set(t0 + 5_000);
    await asleep;
    expect(r.claims.at(-1)).toEqual(['b']);
    expect(await r.queue.size('b')).toBe(0);
    await r.loop.stop();
  });

  it("claims a queue again for another hub's wake-up, and for work due past the wake horizon", async () => {
    const r = rig();
    const t0 = r.clock.t;
    let asleep = r.clock.sleeping();
    r.loop.start();
    expect(await asleep).toBe(t0 + 30_000); // nothing anywhere: the safety poll
    const rounds = r.claims.length;
    // Another hub announces work on b (as a hub without a loop of its own on b does after its write).
    asleep = r.clock.sleeping();
    await r.signals.publish(WAKE_CHANNEL, JSON.stringify({ b: t0 }));
    await asleep;
    expect(r.claims.slice(rounds)).toEqual([['b']]);
    // A job due in a minute is not announced (past the horizon of this process's latest claim): the knowledge of a
    // queue is trusted for the safety poll only, so a claim finds it in time.
    await r.queue.enqueue('a', { id: 'far', dueAt: t0 + 60_000, payload: 0 });
    asleep = r.clock.sleeping();
    r.clock.set(t0 + 30_000);
    expect(await asleep).toBe(t0 + 60_000); // the claim of a at the safety poll saw it
    expect(r.claims.at(-1)).toEqual(['a', 'b']);
    asleep = r.clock.sleeping();
    r.clock.set(t0 + 60_000);
    await asleep;
    expect(r.claims.at(-1)).toEqual(['a', 'b']); // b's knowledge ran out then too
    expect(await r.queue.size('a')).toBe(0);
    await r.loop.stop();
  });

  it("trusts what a claim learned until the safety poll's next grid point, where the loop polls", async () => {
    const r = rig();
    r.clock.t += 7_000; // off the grid
    const t0 = r.clock.t;
    let asleep = r.clock.sleeping();
    r.loop.start();
    expect(await asleep).toBe(t0 + 23_000);
    asleep = r.clock.sleeping();
    r.clock.set(t0 + 23_000);
    expect(await asleep).toBe(t0 + 53_000); // one wake-up per grid point, not another at t0 + 30 s
    expect(r.claims.at(-1)).toEqual(['a', 'b']); // the knowledge ran out at the grid point
    await r.loop.stop();
  });

  it('claims every queue every round without wake-ups (polling)', async () => {
    const r = rig({ wakeups: false });
    await r.queue.enqueue('b', { id: 'later', dueAt: r.clock.t + 5_000, payload: 0 });
    let asleep = r.clock.sleeping();
    r.loop.start();
    expect(await asleep).toBe(r.clock.t + 1_000); // idleMs
    asleep = r.clock.sleeping();
    r.clock.set(r.clock.t + 1_000);
    await asleep;
    expect(r.claims).toEqual([
      ['a', 'b'],
      ['a', 'b'],
    ]);
    await r.loop.stop();
  });
});
