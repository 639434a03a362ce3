import { type ContractContext, rejection } from '../contract/fixtures';
import { decodeWake, WAKE_CHANNEL } from '../queue/wakes';

/** Collects what a subscription receives; `next(n)` resolves once `n` messages arrived (no time margins). */
function inbox() {
  const got: string[] = [];
  let waiters: { n: number; resolve: () => void }[] = [];
  return {
    got,
    on: (m: string) => {
      got.push(m);
      for (const w of waiters.filter((w) => got.length >= w.n)) w.resolve();
      waiters = waiters.filter((w) => got.length < w.n);
    },
    next: (n: number) =>
      got.length >= n ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ n, resolve })),
  };
}

/** The signals part of the Store contract (see store/contract.ts). */
export function signalsContract(ctx: ContractContext): void {
  describe('signals', () => {
    it('delivers a message to every subscriber of its channel, and to no other channel', async () => {
      const a = inbox();
      const b = inbox();
      const other = inbox();
      const offA = await ctx.store.signals.subscribe('ch.a', a.on);
      const offB = await ctx.store.signals.subscribe('ch.a', b.on);
      const offO = await ctx.store.signals.subscribe('ch.other', other.on);
      await ctx.store.signals.publish('ch.a', 'one');
      await ctx.store.signals.publish('ch.a', 'two');
      await Promise.all([a.next(2), b.next(2)]);
      expect(a.got).toEqual(['one', 'two']);
      expect(b.got).toEqual(['one', 'two']);
      // Published after the others on the same connection: had ch.other got anything, it would have arrived first.
      await ctx.store.signals.publish('ch.other', 'last');
      await other.next(1);
      expect(other.got).toEqual(['last']);
      await Promise.all([offA(), offB(), offO()]);
    });

    it('never says unheard while a handler is subscribed, and says so once publishes reach nobody', async () => {
      const heard = () => ctx.store.signals.heard?.('ch.h') ?? true;
      const off = await ctx.store.signals.subscribe('ch.h', () => undefined);
      expect(heard()).toBe(true);
      await ctx.store.signals.publish('ch.h', 'heard');
      expect(heard()).toBe(true);
      await off();
      // A store that never knows (another hub may listen) always says heard.
      if (!ctx.store.signals.heard) return;
      // The memory store sees every handler: unheard at once. Redis learns it from a publish that reached nobody, once
      // it hears the other hubs' notices (which the first such publish sets up): a publish or a few, then.
      while (heard()) {
        await ctx.store.signals.publish('ch.h', 'nobody');
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect(heard()).toBe(false);
      const again = await ctx.store.signals.subscribe('ch.h', () => undefined);
      expect(heard()).toBe(true);
      await again();
    });

    it('stops delivering after unsubscribe, and a throwing handler does not stop the others', async () => {
      const kept = inbox();
      const dropped = inbox();
      const offThrow = await ctx.store.signals.subscribe('ch', () => {
        throw new Error('handler failed');
      });
      const offDropped = await ctx.store.signals.subscribe('ch', dropped.on);
      const offKept = await ctx.store.signals.subscribe('ch', kept.on);
      await ctx.store.signals.publish('ch', '1');
      await Promise.all([kept.next(1), dropped.next(1)]);
      await offDropped();
      await ctx.store.signals.publish('ch', '2');
      await kept.next(2);
      expect(dropped.got).toEqual(['1']);
      await Promise.all([offThrow(), offKept()]);
    });

    it('announces new queue work on the wake channel, with the earliest due time per queue', async () => {
      const w = inbox();
      const off = await ctx.store.signals.subscribe(WAKE_CHANNEL, w.on);
      const job = (id: string, dueAt: number) => ({ id, dueAt, payload: {} });
      const announced = () => {
        const m = new Map<string, number>();
        for (const msg of w.got) for (const [q, d] of decodeWake(msg)) m.set(q, Math.min(d, m.get(q) ?? Infinity));
        return m;
      };
      // Calls whose writes complete in one turn of the event loop share a publish (a burst is not one per job).
      await Promise.all([
        ctx.store.queue.enqueue('qa', job('j1', 5_000)),
        ctx.store.queue.enqueue('qa', job('j2', 3_000)),
        ctx.store.queue.enqueueIfAbsent('qb', job('j3', 7_000)),
      ]);
      while (announced().get('qa') !== 3_000 || !announced().has('qb')) await w.next(w.got.length + 1);
      expect(Object.fromEntries(announced())).toEqual({ qa: 3_000, qb: 7_000 });
      expect(w.got.length).toBeLessThanOrEqual(3);
      // An enqueueIfAbsent that adds nothing announces nothing; a reschedule does (and its message comes last).
      const seen = w.got.length;
      expect(await ctx.store.queue.enqueueIfAbsent('qb', job('j3', 1_000))).toBe(false);
      await ctx.store.queue.reschedule('qa', 'j1', 9_000);
      while (!w.got.slice(seen).some((m) => decodeWake(m).get('qa') === 9_000)) await w.next(w.got.length + 1);
      expect(w.got.slice(seen).map((m) => Object.fromEntries(decodeWake(m)))).toEqual([{ qa: 9_000 }]);
      await off();
    });

    it('refuses bad channels and messages, naming the field', async () => {
      const off = async () => undefined;
      expect(await rejection(ctx.store.signals.publish('bad channel', 'x'))).toMatchObject({
        code: 'SMSFLEET_ERR_VALIDATION',
        field: 'channel',
      });
      expect(await rejection(ctx.store.signals.subscribe('', off))).toMatchObject({ field: 'channel' });
      expect(await rejection(ctx.store.signals.publish('ch', 'x'.repeat(512 * 1024 + 1)))).toMatchObject({
        field: 'message',
      });
    });
  });
}
