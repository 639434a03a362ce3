import { createMemoryStore } from '../memory';
import { event, message, T0 } from '../contract/fixtures';
import { holdStore } from './held-store';

describe('holdStore', () => {
  it('passes every store call to hold, results unchanged, until it answers', async () => {
    const held: Promise<unknown>[] = [];
    let open = 0;
    const store = holdStore(createMemoryStore(), (work) => {
      open++;
      held.push(work);
      return work.finally(() => open--);
    });
    const m = message();
    await store.messages.create(m, [event(m, 'queued')]);
    await store.queue.enqueue('send', { id: m.id, dueAt: T0, payload: { messageId: m.id } });
    const pending = store.queue.claim('send', T0, 10, 1000);
    expect(open).toBe(1); // held while it runs: simulated time may not move
    expect(await pending).toHaveLength(1);
    expect(open).toBe(0);
    expect((await store.messages.get(m.id))?.id).toBe(m.id);
    expect(held).toHaveLength(4);
  });

  it('keeps a repo identical across reads and holds the store-level calls too', async () => {
    const inner = createMemoryStore();
    let n = 0;
    const store = holdStore(inner, (w) => {
      n++;
      return w;
    });
    expect(store.messages).toBe(store.messages);
    expect(store.messages).not.toBe(inner.messages);
    await store.purgeExpired(new Date(T0));
    expect(n).toBe(1);
  });
});
