import pino from 'pino';
import { newId, type Message } from '@smsfleet/core';
import { ManualClock, storeCases } from '../testing';
import type { CreateOutbox } from './create-outbox';
import { QUEUES } from '../queues';
import { Sweeper } from './sweeper';

/** A message created with its outbox and nothing else: what a crash right after the create leaves. */
function halfDone(at: number): { message: Message; outbox: CreateOutbox } {
  const now = new Date(at);
  const iso = now.toISOString();
  const message: Message = {
    id: newId('msg', now),
    to: '+14155550188',
    body: 'left half-done',
    segments: 1,
    encoding: 'GSM-7',
    priority: 0,
    status: 'queued',
    attempts: 0,
    createdAt: iso,
    updatedAt: iso,
    version: 0,
  };
  return {
    message,
    outbox: { contact: { phone: message.to, at: iso }, send: { dueAt: at, priority: 0 }, trackAt: at + 600_000 },
  };
}

/** A manual clock that tells when a loop goes to sleep on it (so the test moves time only once the loop waits). */
class WatchedClock extends ManualClock {
  private asleep: (() => void) | undefined;
  /** Resolves when the next sleep starts. */
  sleeping(): Promise<void> {
    return new Promise((resolve) => {
      this.asleep = resolve;
    });
  }
  override sleep(ms: number, signal?: AbortSignal): Promise<void> {
    const p = super.sleep(ms, signal);
    this.asleep?.();
    return p;
  }
}

describe.each(storeCases().map((s) => [s.name, s] as const))('sweeper loop (%s store)', (_name, sc) => {
  it('runs every period on its clock and finishes only creates past the grace period', async () => {
    const store = await sc.create();
    const start = Date.UTC(2026, 11, 6, 12);
    const clock = new WatchedClock(start);
    const repaired: number[] = [];
    let signal: () => void = () => undefined;
    const sweeper = new Sweeper({
      store,
      clock,
      logger: pino({ level: 'silent' }),
      settings: { everyMs: 30_000, graceMs: 60_000 },
      onRepaired: () => {
        repaired.push(clock.now());
        signal();
      },
    });
    const { message, outbox } = halfDone(start - 1_000);
    await store.messages.create(message, [], { outbox: JSON.stringify(outbox) });
    try {
      const done = new Promise<void>((resolve) => {
        signal = resolve;
      });
      // Rounds at +0 s and +30 s find it too young (a request may still be finishing it); the one at +60 s finishes it.
      for (let i = 0; i < 2; i++) {
        const asleep = clock.sleeping();
        if (i === 0) sweeper.start();
        await asleep;
        expect(await store.queue.size(QUEUES.send)).toBe(0);
        clock.advance(30_000);
      }
      await done;
      expect(repaired).toEqual([start + 60_000]);
      expect(await store.queue.size(QUEUES.send)).toBe(1);
      expect(await store.queue.size(QUEUES.track)).toBe(1);
      expect((await store.contacts.get(message.to))?.firstMessageAt).toBe(message.createdAt);
      expect(await store.messages.pendingCreates(new Date(clock.now() + 3600_000), 10)).toEqual([]);
      // Finished means finished: later rounds find nothing and repair nothing twice.
      expect(await sweeper.runOnce(new Date(clock.now() + 600_000))).toBe(0);
    } finally {
      await sweeper.stop();
      await store.close();
    }
  });
});
