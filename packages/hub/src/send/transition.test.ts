import pino from 'pino';
import { FLUSH_RETRY_MS, flushEvents, newId, transition, type Message } from '@smsfleet/core';
import { createFaultStore, type FaultMode, type StoreCall } from '@smsfleet/core/testing';
import { Activity } from '../testing/activity';
import { ManualClock } from '../testing/manual-clock';
import { runLife } from '../testing/message-life';
import { storeCases } from '../testing/stores';
import { EventPublisher } from '../webhooks/publisher';
import { WEBHOOK_QUEUE } from '../webhooks/metrics';
import { QUEUES } from '../queues';
import { transitionPorts } from './transition-ports';

/**
 * The event outbox of core's transition (with the hub's ports), through a real hub, fleet-sim (textbee, a gateway
 * without client ids) and a subscriber over HTTP, on a manual clock: a store failure right after the final report's
 * compare-and-set (the change landed, its publish or the clearing did not) must still bring the subscriber `delivered`,
 * as one event.
 */
jest.setTimeout(120_000);
const activity = new Activity();
let uninstall: () => void;
beforeAll(() => {
  uninstall = activity.install();
});
afterAll(() => uninstall());

/** The store calls around the publish of the final event in a clean life: its change, its publish, its clearing. */
function finalTransition(trace: readonly StoreCall[]): {
  change: StoreCall;
  publish: StoreCall;
  enqueue: StoreCall;
  clear: StoreCall;
} {
  const calls = trace.filter((c) => c.n > 0);
  // Status events are published in order: queued>pending, pending>sent, sent>delivered (the third publish).
  const at = calls.findIndex((c) => c.label === 'subscriptions.snapshot' && c.occurrence === 3);
  const change = calls
    .slice(0, at)
    .reverse()
    .find((c) => c.label === 'messages.update')!;
  // Enqueued claimed for the hub's own worker when it has a free slot (webhooks/publisher.ts), else left waiting.
  const enqueue = calls.slice(at).find((c) => /^queue\.enqueue(Claimed)?IfAbsent\(webhooks\)$/.test(c.label))!;
  const clear = calls.slice(at).find((c) => c.label === 'messages.update')!;
  return { change, publish: calls[at]!, enqueue, clear };
}

describe.each(storeCases())('status events of a transition ($name store)', (storeCase) => {
  it("reach the subscriber exactly once when the final transition's publish or clearing fails", async () => {
    const clean = await runLife({ storeCase, gateway: 'textbee', activity });
    expect(clean.verdict).toMatchObject({ problems: [], notes: [], status: 'delivered' });
    const p = finalTransition(clean.faults.trace);
    expect(p.change.n).toBeLessThan(p.publish.n);
    expect(p.clear.n).toBeGreaterThan(p.enqueue.n);
    const points: [StoreCall, FaultMode][] = [
      [p.change, 'fail-after'], // the change landed, the report processor got an error: nothing published by it
      [p.publish, 'throw-before'], // the publish failed
      [p.enqueue, 'throw-before'], // the delivery job was not written
      [p.enqueue, 'fail-after'], // written (claimed, with no one to deliver it), the publish failed
      [p.clear, 'throw-before'], // published, not cleared: published again later, under the same id
      [p.clear, 'fail-after'],
    ];
    for (const [call, mode] of points) {
      const run = await runLife({
        storeCase,
        gateway: 'textbee',
        activity,
        fault: { label: call.label, occurrence: call.occurrence, mode },
      });
      const where = `${call.label}#${call.occurrence} ${mode}`;
      expect({ where, fired: !!run.faults.fired, problems: run.verdict.problems, status: run.verdict.status }).toEqual({
        where,
        fired: true,
        problems: [],
        status: 'delivered',
      });
      // Only a clearing that never landed may deliver an event again (same webhook-id); a lost publish is simply late.
      if (!(call === p.clear && mode === 'throw-before'))
        expect({ where, notes: run.verdict.notes }).toEqual({ where, notes: [] });
    }
  });
});

describe.each(storeCases())('transition ($name store)', (storeCase) => {
  it('writes the event with the change, keeps it if publishing fails, and clears only what it published', async () => {
    const fs = createFaultStore(await storeCase.create());
    const store = fs.store;
    const clock = new ManualClock(Date.UTC(2026, 11, 6, 12));
    const now = new Date(clock.now());
    const deps = transitionPorts({
      store,
      publisher: new EventPublisher({ store, clock }),
      logger: pino({ level: 'silent' }),
    });
    const iso = now.toISOString();
    const m: Message = {
      id: newId('msg', now),
      to: '+14155550188',
      body: 'hello',
      segments: 1,
      encoding: 'GSM-7',
      priority: 0,
      status: 'sent',
      attempts: 1,
      createdAt: iso,
      updatedAt: iso,
      version: 0,
      from: { deviceId: 'dev_a', sim: 1 },
      reference: 'order-1',
    };
    try {
      await store.messages.create(m, []);
      await store.subscriptions.create({
        id: 'sub_1',
        url: 'https://example.com/hook',
        events: ['message.status_changed'],
        secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
        createdAt: iso,
        failing: false,
        consecutiveFailures: 0,
      });
      const before = (await store.messages.get(m.id))!.version;
      // The publish fails: the change stands, its event stays on the message, the tracking job is made sure of.
      fs.arm({ label: 'subscriptions.snapshot', occurrence: 1, mode: 'throw-before' });
      const r = await transition(
        deps,
        m.id,
        (c) => ({ message: { ...c, status: 'delivered', updatedAt: iso }, events: [] }),
        now,
      );
      expect(fs.fired).toBeDefined();
      expect(r?.previous).toBe('sent');
      const eventId = `evt_${m.id}_${before + 1}`;
      expect((await store.messages.get(m.id))?.pendingEvents).toEqual([
        {
          id: eventId,
          timestamp: iso,
          status: 'delivered',
          previousStatus: 'sent',
          at: iso,
          segments: 1,
          deviceId: 'dev_a',
          sim: 1,
        },
      ]);
      expect(await store.queue.claim(QUEUES.track, now.getTime() + FLUSH_RETRY_MS, 10, 1000)).toHaveLength(1);
      expect(await store.queue.size(WEBHOOK_QUEUE)).toBe(0);
      // A later change adds its own event behind it; a flush of the first read clears only the first.
      const first = (await store.messages.get(m.id))!;
      await transition(
        { ...deps, publisher: { publish: () => Promise.reject(new Error('down')) } },
        m.id,
        (c) => ({ message: { ...c, status: 'failed', updatedAt: iso }, events: [] }),
        now,
      );
      const after = await flushEvents(deps, first);
      expect(after.pendingEvents?.map((p) => p.previousStatus)).toEqual(['delivered']);
      const jobs = await store.queue.claim<{ event: { id: string; data: { status: string; reference?: string } } }>(
        WEBHOOK_QUEUE,
        now.getTime(),
        10,
        1000,
      );
      expect(
        jobs.map((j) => [j.payload.event.id, j.payload.event.data.status, j.payload.event.data.reference]),
      ).toEqual([[eventId, 'delivered', 'order-1']]);
      // A change that moves no status adds no event, and publishes (then clears) what an earlier one left pending.
      const same = await transition(deps, m.id, (c) => ({ message: { ...c, body: 'hello again' }, events: [] }), now);
      expect(same?.value.pendingEvents).toBeUndefined();
      expect((await store.messages.get(m.id))?.pendingEvents).toBeUndefined();
      const later = await store.queue.claim<{ event: { id: string; data: { status: string } } }>(
        WEBHOOK_QUEUE,
        now.getTime(),
        10,
        1000,
      );
      expect(later.map((j) => [j.payload.event.id, j.payload.event.data.status])).toEqual([
        [`evt_${m.id}_${before + 2}`, 'failed'],
      ]);
    } finally {
      await store.close();
    }
  });
});
