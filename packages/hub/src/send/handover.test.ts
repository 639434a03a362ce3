import { SmsfleetError, type Message, type Store } from '@smsfleet/core';
import { storeCases } from '../testing';
import { rig, waitForStatus, type Rig } from '../testing/pipeline-rig';
import { parkedQueue, QUEUES } from '../queues';

/**
 * A store that refuses, once, the write recording that a gateway accepted the hand-over of the message to `to`: the
 * hub is left exactly where a crash (or a Redis outage) right after the gateway's answer leaves it.
 */
function failingOutcomeWrite(inner: Store): { store: Store; armFor(to: string): void; fired(to: string): number } {
  const armed = new Set<string>();
  const fired = new Map<string, number>();
  const messages = new Proxy(inner.messages, {
    get(t, p) {
      if (p === 'update') {
        return async (id: string, fn: Parameters<Store['messages']['update']>[1]) => {
          if (armed.size) {
            const cur = await t.get(id);
            const next = cur ? fn(structuredClone(cur)) : null;
            if (
              cur &&
              armed.has(cur.to) &&
              cur.handover &&
              !cur.handover.outcome &&
              next?.message.handover?.outcome === 'accepted'
            ) {
              armed.delete(cur.to);
              fired.set(cur.to, (fired.get(cur.to) ?? 0) + 1);
              throw new SmsfleetError('SMSFLEET_ERR_STORE', 'injected: the store refused the hand-over outcome');
            }
          }
          return t.update(id, fn);
        };
      }
      const v = Reflect.get(t, p) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v;
    },
  });
  const store = new Proxy(inner, {
    get(t, p) {
      if (p === 'messages') return messages;
      const v = Reflect.get(t, p) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v;
    },
  });
  return {
    store,
    armFor: (to) => {
      armed.add(to);
    },
    // By recipient: hand-overs to several recipients fail side by side.
    fired: (to) => fired.get(to) ?? 0,
  };
}

const FINAL = ['delivered', 'failed', 'undelivered', 'expired'];

async function send(r: Rig, to: string, deviceId: string, body = `hand-over test ${to}`): Promise<string> {
  const res = await fetch(`${r.base}/v1/messages`, {
    method: 'POST',
    headers: r.auth,
    body: JSON.stringify({ to, body, deviceId }),
  });
  expect(res.status).toBe(202);
  return ((await res.json()) as Message).id;
}

describe.each(storeCases().map((s) => [s.name, s] as const))(
  'a hand-over whose outcome the store refused (%s store)',
  (_name, sc) => {
    let r: Rig;
    let f: ReturnType<typeof failingOutcomeWrite>;
    beforeAll(async () => {
      f = failingOutcomeWrite(await sc.create());
      r = await rig(f.store);
    });
    afterAll(async () => {
      await r.close();
    });

    // Every gateway at once, each to its own recipient: the reconciliation waits out its delay (8 s) once, not once per
    // gateway (the suite's longest wait).
    it('on every gateway: is reconciled with the gateway, texted once, and ends as the phone says', async () => {
      const gateways = ['pixel-a', 'pixel-b', 'moto', 'tb', 'mg'];
      const checked = await Promise.all(
        gateways.map(async (deviceId, i) => {
          const to = `+1415556${String(1000 + i)}`;
          f.armFor(to);
          const id = await send(r, to, deviceId);
          await waitForStatus(r, id, FINAL, 20_000);
          // A report naming our client id (httpSMS, sms-gate) may end the message before the reconciliation closes
          // the hand-over.
          const end = Date.now() + 10_000;
          let m = (await r.store.messages.get(id))!;
          while (!m.handover?.outcome && Date.now() < end) {
            await new Promise((s) => setTimeout(s, 25));
            m = (await r.store.messages.get(id))!;
          }
          const truth = r.fleet.truth.messages().filter((t) => t.recipient === to);
          return { deviceId, m, fired: f.fired(to), texted: truth.length, phone: truth[0]?.finalState };
        }),
      );
      for (const { deviceId, m, fired, texted, phone } of checked) {
        // the failure really happened, after the gateway took it; the text went out once
        expect({ deviceId, fired, texted }).toEqual({ deviceId, fired: 1, texted: 1 });
        expect({ deviceId, status: m.status }).toEqual({ deviceId, status: phone });
        expect(m.handover).toMatchObject({
          attempt: 1,
          deviceId,
          outcome: 'accepted',
          gatewayMessageId: m.gatewayMessageId,
        });
        expect(m.handover!.note).toMatch(/^reconciled/);
        expect(m.previousHandovers).toBeUndefined();
      }
    });
  },
);

describe.each(storeCases().map((s) => [s.name, s] as const))(
  'a hand-over the gateway cannot confirm (%s store)',
  (_name, sc) => {
    it('ends unknown (at-most-once), never sent again, and the event names the hand-over', async () => {
      const f = failingOutcomeWrite(await sc.create());
      const r = await rig(f.store);
      try {
        const adapter = r.app.pipeline.fleet.forDevice('mg').adapter as { findHandover?: unknown };
        adapter.findHandover = undefined; // a gateway with no way to ask
        const to = '+14155562001';
        f.armFor(to);
        const id = await send(r, to, 'mg');
        const m = await waitForStatus(r, id, ['unknown'], 20_000);
        expect(m.failure).toMatchObject({ code: 'SMSFLEET_HANDOVER_UNCONFIRMED', category: 'unknown' });
        expect(m.failure!.rawReason).toMatch(/hand-over 1 to mg SIM 1 .* at 20\d\d-.*could not be confirmed/);
        expect(m.handover).toMatchObject({ attempt: 1, outcome: 'unconfirmed' });
        const end = Date.now() + 5_000;
        const unknownEvent = () =>
          r.receiver.received
            .map(
              (w) =>
                w.verified as
                  | { data?: { messageId?: string; status?: string; failure?: { code?: string; rawReason?: string } } }
                  | undefined,
            )
            .find((e) => e?.data?.messageId === id && e.data.status === 'unknown');
        while (!unknownEvent() && Date.now() < end) await new Promise((s) => setTimeout(s, 25));
        expect(unknownEvent()!.data!.failure).toMatchObject({
          code: 'SMSFLEET_HANDOVER_UNCONFIRMED',
          rawReason: expect.stringContaining('hand-over 1 to mg'),
        });
        await new Promise((s) => setTimeout(s, 3_000)); // past another reconcile delay: still not sent again
        expect(r.fleet.truth.messages().filter((t) => t.recipient === to)).toHaveLength(1);
        expect((await r.store.messages.get(id))!.status).toBe('unknown');
      } finally {
        await r.close();
      }
    });

    it('is handed over again on a connection configured at-least-once', async () => {
      const f = failingOutcomeWrite(await sc.create());
      const r = await rig(
        f.store,
        {},
        {
          fleetConfig: (c) => ({
            ...c,
            connections: c.connections.map((x) =>
              x.connection.kind === 'mysmsgate' ? { ...x, delivery: 'at-least-once' as const } : x,
            ),
          }),
        },
      );
      try {
        const adapter = r.app.pipeline.fleet.forDevice('mg').adapter as { findHandover?: unknown };
        adapter.findHandover = undefined;
        const to = '+14155562002';
        f.armFor(to);
        const id = await send(r, to, 'mg');
        const end = Date.now() + 20_000;
        let m = await r.store.messages.get(id);
        while ((m?.handover?.attempt ?? 0) < 2 || m?.handover?.outcome !== 'accepted') {
          if (Date.now() > end) throw new Error(`no second hand-over: ${JSON.stringify(m?.handover)}`);
          await new Promise((s) => setTimeout(s, 25));
          m = await r.store.messages.get(id);
        }
        expect(m.previousHandovers?.[0]).toMatchObject({
          attempt: 1,
          outcome: 'unconfirmed',
          note: expect.stringContaining('at-least-once'),
        });
        await waitForStatus(r, id, FINAL, 20_000);
        expect(r.fleet.truth.messages().filter((t) => t.recipient === to)).toHaveLength(2); // the documented trade-off
      } finally {
        await r.close();
      }
    });
  },
);

describe.each(storeCases().map((s) => [s.name, s] as const))(
  'a report that arrives before its hand-over is linked (%s store)',
  (_name, sc) => {
    it('is kept in the store and applied as soon as the link is written', async () => {
      const inner = await sc.create();
      let release!: () => void;
      const gate = new Promise<void>((res) => {
        release = res;
      });
      let blocked: string | undefined;
      const link = inner.messages.linkGatewayId.bind(inner.messages);
      inner.messages.linkGatewayId = async (gateway, gatewayMessageId, messageId) => {
        if (gateway === 'textbee') {
          blocked = gatewayMessageId;
          await gate;
        }
        return link(gateway, gatewayMessageId, messageId);
      };
      // No status poll, neither the dispatcher's after the hand-over nor the tracker's first look (due pollEveryMs
      // after the create, and not moved while the link is held back): only the report can tell.
      const r = await rig(inner, {}, { dispatcher: { pollAfterMs: 60_000 }, tracker: { pollEveryMs: 60_000 } });
      try {
        const id = await send(r, '+14155563001', 'tb');
        const end = Date.now() + 10_000;
        while ((!blocked || !(await inner.queue.size(parkedQueue('textbee', blocked)))) && Date.now() < end)
          await new Promise((s) => setTimeout(s, 25));
        // parked durably, not dropped
        expect(await inner.queue.size(parkedQueue('textbee', blocked!))).toBeGreaterThan(0);
        await new Promise((s) => setTimeout(s, 1_000)); // the backstop's retries find no link yet: still kept
        expect(await inner.queue.size(parkedQueue('textbee', blocked!))).toBeGreaterThan(0);
        expect((await inner.messages.get(id))!.status).toBe('pending');
        release();
        const m = await waitForStatus(r, id, ['delivered'], 5_000);
        const delivered = (await inner.messages.events(m.id)).find((e) => e.status === 'delivered');
        expect(delivered?.source).toBe('gateway'); // the parked report itself, not a later poll
        // The drain applies the parked report, then removes its job: the status can be seen before the removal lands.
        const drained = Date.now() + 10_000;
        while ((await inner.queue.size(parkedQueue('textbee', blocked!))) > 0 && Date.now() < drained)
          await new Promise((s) => setTimeout(s, 25));
        expect(await inner.queue.size(parkedQueue('textbee', blocked!))).toBe(0);
      } finally {
        release();
        await r.close();
      }
    });
  },
);

describe.each(storeCases().map((s) => [s.name, s] as const))(
  'a hand-over whose follow-ups a store failure interrupted (%s store)',
  (_name, sc) => {
    it.each([['tb'], ['pixel-a']])(
      '%s: is resumed, not handed over again, and each status event is published once',
      async (deviceId) => {
        const inner = await sc.create();
        const to = deviceId === 'tb' ? '+14155564001' : '+14155564002';
        let failed = 0;
        const link = inner.messages.linkGatewayId.bind(inner.messages);
        inner.messages.linkGatewayId = async (gateway, gatewayMessageId, messageId) => {
          if (failed === 0 && (await inner.messages.get(messageId))?.to === to) {
            failed++;
            throw new SmsfleetError('SMSFLEET_ERR_STORE', 'injected: link refused');
          }
          return link(gateway, gatewayMessageId, messageId);
        };
        const r = await rig(inner);
        try {
          const id = await send(r, to, deviceId);
          const m = await waitForStatus(r, id, FINAL, 20_000);
          expect(failed).toBe(1);
          const truth = r.fleet.truth.messages().filter((t) => t.recipient === to);
          expect(truth).toHaveLength(1);
          expect(m.status).toBe(truth[0]!.finalState);
          expect(m.handover).toMatchObject({ attempt: 1, outcome: 'accepted', note: `handed to ${deviceId} SIM 1` });
          // The send job comes back after its backoff and finds the accepted hand-over: it finishes the follow-ups.
          const end = Date.now() + 10_000;
          while (
            (!(await r.store.messages.byGatewayId(m.gateway!, m.gatewayMessageId!)) ||
              (await r.store.queue.size(QUEUES.send)) > 0) &&
            Date.now() < end
          ) {
            await new Promise((s) => setTimeout(s, 25));
          }
          expect(await r.store.messages.byGatewayId(m.gateway!, m.gatewayMessageId!)).toBe(id);
          expect(await r.store.queue.size(QUEUES.send)).toBe(0);
          await new Promise((s) => setTimeout(s, 500));
          expect(r.fleet.truth.messages().filter((t) => t.recipient === to)).toHaveLength(1);
          const statuses = r.receiver.received
            .map((w) => w.verified as { data?: { messageId?: string; status?: string } } | undefined)
            .filter((e) => e?.data?.messageId === id)
            .map((e) => e!.data!.status);
          expect(statuses).toContain(m.status);
          expect(new Set(statuses).size).toBe(statuses.length); // no status event twice
        } finally {
          await r.close();
        }
      },
    );
  },
);
