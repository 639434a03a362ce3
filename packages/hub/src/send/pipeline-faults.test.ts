import { simBudgetKey, type Message } from '@smsfleet/core';
import { storeCases } from '../testing';
import { rig, waitForStatus } from '../testing/pipeline-rig';
import { QUEUES } from '../queues';

describe.each(storeCases().map((s) => [s.name, s] as const))('send pipeline under faults (%s store)', (_name, sc) => {
  it("ends every message in the phones' ground-truth status, with duplicate, reordered and lost reports", async () => {
    const r = await rig(await sc.create(), {
      duplicateRate: 0.3,
      reorderRate: 0.3,
      lostRate: 0.3,
      invalidPrefixes: ['+1415555999'],
    });
    expect(r.fleet.truth.messages()).toHaveLength(0);
    try {
      const tos = Array.from({ length: 20 }, (_, i) =>
        i % 5 === 0 ? `+1415555999${i / 5}` : `+1415555${String(2000 + i)}`,
      );
      const res = await fetch(`${r.base}/v1/messages/bulk`, {
        method: 'POST',
        headers: r.auth,
        body: JSON.stringify({ messages: tos.map((to) => ({ to, body: `hello ${to}` })) }),
      });
      expect(res.status).toBe(202);
      const ids = ((await res.json()) as { messages: Message[] }).messages.map((m) => m.id);
      const final = await Promise.all(
        ids.map((id) => waitForStatus(r, id, ['delivered', 'failed', 'undelivered'], 60_000)),
      );
      for (const m of final) {
        const truth = r.fleet.truth.messages().filter((t) => t.recipient === m.to);
        expect(truth).toHaveLength(1);
        expect(m.status).toBe(truth[0]!.finalState);
      }
      expect(r.fleet.truth.limitRefusals()).toBe(0);
    } finally {
      await r.close();
    }
  });
});

describe.each(storeCases().map((s) => [s.name, s] as const))(
  'send pipeline with a subscriber down for a while (%s store)',
  (_name, sc) => {
    it('delivers every status event, signed, once the subscriber is back', async () => {
      // Down for its first deliveries, counted rather than timed: on a busy machine the first delivery can come after
      // any fixed down time, and the test would never see the subscriber down.
      const r = await rig(await sc.create(), {}, { receiverAnswer: (n) => (n <= 4 ? 503 : 204) });
      try {
        const tos = Array.from({ length: 6 }, (_, i) => `+1415555${String(5000 + i)}`);
        const res = await fetch(`${r.base}/v1/messages/bulk`, {
          method: 'POST',
          headers: r.auth,
          body: JSON.stringify({ messages: tos.map((to, i) => ({ to, body: `down ${i}`, reference: `ref-${i}` })) }),
        });
        const ids = ((await res.json()) as { messages: Message[] }).messages.map((m) => m.id);
        await Promise.all(ids.map((id) => waitForStatus(r, id, ['delivered'], 60_000)));
        const wanted = new Set<string>();
        for (const id of ids) {
          for (const e of await r.store.messages.events(id)) wanted.add(`${id}:${e.status}`);
        }
        const got = () =>
          new Set(
            r.receiver.received
              .filter((w) => w.status === 204 && w.verified)
              .map((w) => {
                const d = (w.verified as { data: { messageId: string; status: string } }).data;
                return `${d.messageId}:${d.status}`;
              }),
          );
        // `queued` is the status a message is created with: it is not a change, so no event is sent for it.
        const missingNow = () => [...wanted].filter((k) => !k.endsWith(':queued') && !got().has(k));
        const end = Date.now() + 60_000;
        while (missingNow().length && Date.now() < end) await new Promise((s) => setTimeout(s, 100));
        const missing = missingNow();
        expect(missing).toEqual([]);
        expect(r.receiver.received.some((w) => w.status === 503)).toBe(true); // it really was down
        expect(r.receiver.received.every((w) => w.verifyError === undefined)).toBe(true);
      } finally {
        await r.close();
      }
    });
  },
);

describe('send pipeline with every SIM full (memory store)', () => {
  it('stops routing while the fleet is full: one attempt per recheck, not one per waiting message', async () => {
    const r = await rig(await storeCases()[0]!.create());
    try {
      const now = Date.now();
      for (const d of await r.store.devices.list()) {
        for (const s of d.sims) {
          const full = await r.store.budgets.reserve(
            simBudgetKey(d.id, s.slot),
            s.segmentsPerMinute,
            [{ max: s.segmentsPerMinute, windowMs: 60_000 }],
            now,
          );
          expect(full.ok).toBe(true);
        }
      }
      let routed = 0;
      const router = r.app.pipeline.router;
      const route = router.route.bind(router);
      router.route = (m, t) => {
        routed++;
        return route(m, t);
      };
      const tos = Array.from({ length: 20 }, (_, i) => `+1415555${String(5000 + i)}`);
      const res = await fetch(`${r.base}/v1/messages/bulk`, {
        method: 'POST',
        headers: r.auth,
        body: JSON.stringify({ messages: tos.map((to, i) => ({ to, body: `full fleet ${i}` })) }),
      });
      expect(res.status).toBe(202);
      // The first attempt is an event to wait for (a busy machine may take a while to get to it); the window that
      // counts rechecks starts from there.
      const first = Date.now() + 20_000;
      while (routed === 0 && Date.now() < first) await new Promise((s) => setTimeout(s, 25));
      await new Promise((s) => setTimeout(s, 1_500));
      expect(routed).toBeGreaterThanOrEqual(1);
      expect(routed).toBeLessThanOrEqual(4); // the first attempt, then at most one per second (budgetRecheckMs)
      const ids = ((await res.json()) as { messages: Message[] }).messages.map((m) => m.id);
      const now2 = await Promise.all(ids.map((id) => r.store.messages.get(id)));
      expect(now2.every((m) => m?.status === 'queued')).toBe(true); // all still waiting, none lost
      expect(await r.store.queue.size(QUEUES.send)).toBe(20);
      expect(r.fleet.truth.messages().filter((t) => tos.includes(t.recipient))).toHaveLength(0);
    } finally {
      await r.close();
    }
  });
});
