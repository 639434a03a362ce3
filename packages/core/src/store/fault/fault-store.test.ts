import { createMemoryStore } from '../memory';
import { event, message, T0 } from '../contract/fixtures';
import { createFaultStore } from './fault-store';

describe('FaultStore (memory store)', () => {
  it('numbers and traces every call, by label and occurrence, without changing results', async () => {
    const f = createFaultStore(createMemoryStore());
    const m = message();
    await f.store.messages.create(m, [event(m, 'queued')]);
    await f.store.queue.enqueue('send', { id: m.id, dueAt: T0, payload: { messageId: m.id } });
    expect((await f.store.messages.get(m.id))?.id).toBe(m.id);
    await f.store.messages.get(m.id);
    expect(f.trace.map((c) => [c.n, c.label, c.occurrence])).toEqual([
      [1, 'messages.create', 1],
      [2, 'queue.enqueue(send)', 1],
      [3, 'messages.get', 1],
      [4, 'messages.get', 2],
    ]);
    expect(f.trace[1]!.args).toContain('"send"');
    expect(f.count).toBe(4);
    expect(f.inFlight).toBe(0);
  });

  it('callDone resolves once a call in flight has finished', async () => {
    const f = createFaultStore(createMemoryStore());
    const m = message();
    const call = f.store.messages.create(m, [event(m, 'queued')]);
    expect(f.inFlight).toBe(1);
    await f.callDone();
    expect(f.inFlight).toBe(0);
    await expect(call).resolves.toMatchObject({ created: true });
  });

  it('does not number idle polls: nextDueAt, size, and a claim with nothing due', async () => {
    const f = createFaultStore(createMemoryStore());
    expect(await f.store.queue.claim('send', T0, 10, 1000)).toEqual([]);
    await f.store.queue.nextDueAt('send');
    await f.store.queue.size('send');
    await f.store.queue.enqueue('send', { id: 'j', dueAt: T0, payload: {} });
    expect(await f.store.queue.claim('send', T0 - 1, 10, 1000)).toEqual([]); // not due yet
    expect(await f.store.queue.claim('send', T0, 10, 1000)).toHaveLength(1);
    expect(f.trace.map((c) => c.n)).toEqual([0, 0, 0, 1, 0, 2]);
    expect(f.trace[5]!.label).toBe('queue.claim(send)');
  });

  it('throw-before: the armed call never reaches the store and fails with SMSFLEET_ERR_STORE, once', async () => {
    const inner = createMemoryStore();
    const f = createFaultStore(inner);
    const m = message();
    f.arm({ call: 1, mode: 'throw-before' });
    await expect(f.store.messages.create(m, [event(m, 'queued')])).rejects.toMatchObject({
      code: 'SMSFLEET_ERR_STORE',
    });
    expect(await inner.messages.get(m.id)).toBeUndefined();
    expect(f.fired).toMatchObject({ n: 1, label: 'messages.create', outcome: 'throw-before' });
    // Once only: the retry goes through.
    await expect(f.store.messages.create(m, [event(m, 'queued')])).resolves.toMatchObject({ created: true });
  });

  it('fail-after: the armed call lands, then the caller gets SMSFLEET_ERR_STORE', async () => {
    const inner = createMemoryStore();
    const f = createFaultStore(inner);
    const m = message();
    await f.store.messages.create(m, [event(m, 'queued')]);
    f.arm({ label: 'messages.update', occurrence: 1, mode: 'fail-after' });
    const fn = (c: typeof m) => ({ message: { ...c, status: 'sending' as const }, events: [] });
    await expect(f.store.messages.update(m.id, fn)).rejects.toMatchObject({ code: 'SMSFLEET_ERR_STORE' });
    expect((await inner.messages.get(m.id))?.status).toBe('sending');
    expect(f.trace.at(-1)).toMatchObject({ label: 'messages.update', occurrence: 1, outcome: 'fail-after' });
  });

  it('fails a claim after it leased the jobs (fail-after), so they come back only when the lease ends', async () => {
    const f = createFaultStore(createMemoryStore());
    await f.store.queue.enqueue('send', { id: 'j', dueAt: T0, payload: {} });
    f.arm({ label: 'queue.claim(send)', occurrence: 1, mode: 'fail-after' });
    await expect(f.store.queue.claim('send', T0, 10, 1000)).rejects.toMatchObject({ code: 'SMSFLEET_ERR_STORE' });
    expect(await f.store.queue.claim('send', T0 + 999, 10, 1000)).toEqual([]);
    expect(await f.store.queue.claim('send', T0 + 1000, 10, 1000)).toHaveLength(1);
  });

  it('reset starts numbering again and disarms', async () => {
    const f = createFaultStore(createMemoryStore());
    await f.store.counters.incr('a');
    f.arm({ call: 2, mode: 'throw-before' });
    f.reset();
    await f.store.counters.incr('a');
    await f.store.counters.incr('a');
    expect(f.trace.map((c) => [c.n, c.outcome])).toEqual([
      [1, 'ok'],
      [2, 'ok'],
    ]);
  });
});
