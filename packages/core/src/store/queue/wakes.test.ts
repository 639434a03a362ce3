import { createFaultStore } from '../fault/fault-store';
import { createMemoryStore } from '../memory/memory-store';
import { MemoryQueues } from './memory';
import { BUSY_PUBLISH_MS, decodeWake, localWakes, WAKE_HORIZON_MS, wakingQueue } from './wakes';

/** A waking queue over the memory queue, with the wake-ups it publishes (one per turn of the event loop). */
function rig() {
  const sent: Map<string, number>[] = [];
  const q = wakingQueue(new MemoryQueues(), {
    publish: async (_channel: string, message: string) => {
      sent.push(decodeWake(message));
    },
  });
  const turn = () => new Promise((r) => setImmediate(r));
  return { q, sent, turn };
}

const T = 1_000_000;

describe('wakingQueue', () => {
  it('announces every enqueue before any claim told it the workers clock', async () => {
    const { q, sent, turn } = rig();
    await q.enqueue('a', { id: 'j1', dueAt: T + 10 * WAKE_HORIZON_MS, payload: {} });
    await turn();
    expect(sent).toEqual([new Map([['a', T + 10 * WAKE_HORIZON_MS]])]);
  });

  it('announces no job enqueued claimed, but the lease end of one whose write failed', async () => {
    const { q, sent, turn } = rig();
    await q.claim('a', T, 10, 1_000);
    expect(await q.enqueueClaimedIfAbsent('a', { id: 'j', dueAt: T, payload: {} }, T, 5_000)).toMatchObject({
      id: 'j',
    });
    expect(await q.enqueueClaimedIfAbsent('a', { id: 'j', dueAt: T, payload: {} }, T, 5_000)).toBeUndefined();
    await turn();
    expect(sent).toEqual([]); // nothing is due before the lease ends, and the claimer has it
    await expect(q.enqueueClaimedIfAbsent('a', { id: 'k', dueAt: T, payload: () => 1 }, T, 5_000)).rejects.toThrow();
    await turn();
    expect(sent).toEqual([new Map([['a', T + 5_000]])]);
  });

  it('announces work due within the horizon of the last claim, not work due later', async () => {
    const { q, sent, turn } = rig();
    await q.claim('a', T, 10, 1_000);
    await q.enqueue('a', { id: 'later', dueAt: T + WAKE_HORIZON_MS + 1, payload: {} });
    await q.reschedule('a', 'later', T + 2 * WAKE_HORIZON_MS);
    await turn();
    expect(sent).toEqual([]); // a loop never sleeps past the horizon: its look-up finds these in time
    await q.enqueue('a', { id: 'soon', dueAt: T + WAKE_HORIZON_MS, payload: {} });
    expect(await q.enqueueIfAbsent('b', { id: 'now', dueAt: T, payload: {} })).toBe(true);
    await turn();
    expect(sent).toEqual([
      new Map([
        ['a', T + WAKE_HORIZON_MS],
        ['b', T],
      ]),
    ]);
  });

  it('does not announce queues marked as drained directly (parked:<gateway>:<id>)', async () => {
    const { q, sent, turn } = rig();
    await q.enqueue('parked:textbee:g1', { id: 'r1', dueAt: T, payload: {} });
    await q.enqueue('a', { id: 'j1', dueAt: T, payload: {} });
    await turn();
    expect(sent).toEqual([new Map([['a', T]])]);
  });

  it('tells its local loops first, and the other hubs only while those are busy, at most once a period', async () => {
    const { q, sent, turn } = rig();
    const heard: Map<string, number>[] = [];
    let busy = false;
    const detach = localWakes(q)!.attach({ names: ['a'], wake: (d) => heard.push(d), busy: () => busy });
    await q.enqueue('a', { id: 'j1', dueAt: T, payload: {} });
    await turn();
    expect(heard).toEqual([new Map([['a', T]])]);
    expect(sent).toEqual([]);
    busy = true;
    await q.enqueue('a', { id: 'j2', dueAt: T + 1, payload: {} });
    await turn();
    await q.enqueue('a', { id: 'j3', dueAt: T + 2, payload: {} }); // within BUSY_PUBLISH_MS of the last
    await turn();
    expect(sent).toEqual([new Map([['a', T + 1]])]);
    expect(heard).toHaveLength(3); // the local loop hears of every write
    expect(BUSY_PUBLISH_MS).toBeGreaterThan(0);
    detach();
    await q.enqueue('a', { id: 'j4', dueAt: T + 3, payload: {} });
    await turn();
    expect(sent.at(-1)).toEqual(new Map([['a', T + 3]]));
    expect(heard).toHaveLength(3);
  });

  it('is attached to through a wrapper of the store (the fault-injection store), not its methods', async () => {
    const { store } = createFaultStore(createMemoryStore());
    const heard: Map<string, number>[] = [];
    const detach = localWakes(store.queue)!.attach({ names: ['a'], wake: (d) => heard.push(d), busy: () => false });
    expect(typeof detach).toBe('function');
    await store.queue.enqueue('a', { id: 'j1', dueAt: T, payload: {} });
    await new Promise((r) => setImmediate(r));
    expect(heard).toEqual([new Map([['a', T]])]);
    detach();
    await store.close();
  });
});
