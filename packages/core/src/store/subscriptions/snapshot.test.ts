import type { Subscription } from '../../schemas';
import { subscription } from '../contract/fixtures';
import { SUBSCRIPTIONS_CHANNEL, SubscriptionSnapshot } from './snapshot';

/** A snapshot over a list read by hand (each read waits for `answer`), its signals and clock driven by the test. */
function rig(maxAgeMs = 1_000) {
  let t = 0;
  let list: Subscription[] = [];
  const reads: { resolve: () => void }[] = [];
  const handlers: { message: () => void; gap: () => void }[] = [];
  let subscribed: { resolve: () => void; reject: (e: Error) => void } | undefined;
  const snap = new SubscriptionSnapshot(
    () =>
      new Promise((resolve) => {
        const at = list; // what the store holds when the read reaches it
        reads.push({ resolve: () => resolve([...at]) });
      }),
    {
      subscribe: (channel, onMessage, onGap) => {
        expect(channel).toBe(SUBSCRIPTIONS_CHANNEL);
        handlers.push({ message: () => onMessage('x'), gap: () => onGap?.() });
        return new Promise((resolve, reject) => {
          subscribed = { resolve: () => resolve(async () => undefined), reject };
        });
      },
    },
    maxAgeMs,
    () => t,
  );
  const answer = async () => {
    reads.shift()!.resolve();
    await new Promise((r) => setImmediate(r));
  };
  return {
    snap,
    reads,
    handlers,
    set: (ids: string[]) => (list = ids.map((id) => subscription(id))),
    tick: (ms: number) => (t += ms),
    answer,
    subscribe: async (ok = true) => {
      if (ok) subscribed!.resolve();
      else subscribed!.reject(new Error('down'));
      await new Promise((r) => setImmediate(r));
    },
    /** A snapshot, answering the read it makes if it makes one. */
    get: async () => {
      const n = reads.length;
      const p = snap.get();
      await Promise.resolve();
      if (reads.length > n) await answer();
      return (await p).map((s) => s.id);
    },
  };
}

describe('SubscriptionSnapshot', () => {
  it('keeps nothing read before its change signals are in place, then serves its read until a signal', async () => {
    const r = rig();
    r.set(['sub_a']);
    expect(await r.get()).toEqual(['sub_a']);
    expect(await r.get()).toEqual(['sub_a']);
    expect(r.handlers).toHaveLength(1);
    await r.subscribe();
    r.set(['sub_a', 'sub_b']);
    expect(await r.get()).toEqual(['sub_a', 'sub_b']);
    r.set(['sub_c']);
    expect(await r.get()).toEqual(['sub_a', 'sub_b']); // cached: no read made
    r.handlers[0]!.message();
    expect(await r.get()).toEqual(['sub_c']);
    r.set(['sub_d']);
    r.handlers[0]!.gap(); // signals may have been lost while the subscription was down
    expect(await r.get()).toEqual(['sub_d']);
  });

  it('reads again after its cache age, so a lost signal heals', async () => {
    const r = rig(1_000);
    r.get();
    await r.subscribe();
    r.set(['sub_a']);
    expect(await r.get()).toEqual(['sub_a']);
    r.set(['sub_b']);
    r.tick(999);
    expect(await r.get()).toEqual(['sub_a']);
    r.tick(1);
    expect(await r.get()).toEqual(['sub_b']);
  });

  it('does not hand a read started before a change to a caller after it, nor keep it', async () => {
    const r = rig();
    await r.get();
    await r.subscribe();
    r.set(['sub_a']);
    const before = r.snap.get(); // its read reaches the store before the change...
    await Promise.resolve();
    r.set(['sub_a', 'sub_b']);
    r.snap.invalidate(); // ...which returned here, before that read is answered
    const after = r.snap.get();
    await Promise.resolve();
    expect(r.reads).toHaveLength(2);
    await r.answer();
    await r.answer();
    expect((await before).map((s) => s.id)).toEqual(['sub_a']);
    expect((await after).map((s) => s.id)).toEqual(['sub_a', 'sub_b']);
    expect(await r.get()).toEqual(['sub_a', 'sub_b']);
    // Callers without a change between them share one read.
    r.handlers[0]!.message();
    const [x, y] = [r.snap.get(), r.snap.get()];
    await Promise.resolve();
    expect(r.reads).toHaveLength(1);
    await r.answer();
    expect(await x).toBe(await y);
  });

  it('reads every time while its signals cannot be subscribed, and tries again after its cache age', async () => {
    const r = rig(1_000);
    r.set(['sub_a']);
    await r.get();
    await r.subscribe(false);
    r.set(['sub_b']);
    expect(await r.get()).toEqual(['sub_b']);
    expect(r.handlers).toHaveLength(1);
    r.tick(1_000);
    r.set(['sub_c']);
    expect(await r.get()).toEqual(['sub_c']);
    expect(r.handlers).toHaveLength(2);
    await r.subscribe();
    expect(await r.get()).toEqual(['sub_c']);
    r.set(['sub_d']);
    expect(await r.get()).toEqual(['sub_c']);
  });
});
