import type { Message } from '@smsfleet/core';
import { storeCases } from '../testing';
import { rig, waitForStatus } from '../testing/pipeline-rig';

describe('send pipeline with a phone going offline (memory store)', () => {
  it('reconciles hand-overs a local-server phone dropped mid-request, then resends, texting nobody twice', async () => {
    const r = await rig(await storeCases()[0]!.create());
    try {
      // The phone drops connections after the request is sent: the hub cannot know whether it took the message, so
      // it neither resends nor fails it, but asks the phone by our id once the request is surely over. Back online, the
      // phone says 404 (it never stored it), and the message is handed over again.
      r.fleet.phone('pixel-b').setOnline(false);
      const tos = Array.from({ length: 12 }, (_, i) => `+1415555${String(3000 + i)}`);
      const res = await fetch(`${r.base}/v1/messages/bulk`, {
        method: 'POST',
        headers: r.auth,
        body: JSON.stringify({ messages: tos.map((to, i) => ({ to, body: `offline test ${i}` })) }),
      });
      const ids = ((await res.json()) as { messages: Message[] }).messages.map((m) => m.id);
      const end = Date.now() + 60_000;
      const open = async () =>
        (await Promise.all(ids.map((id) => r.store.messages.get(id)))).filter(
          (m) => m?.handover && !m.handover.outcome && m.handover.deviceId === 'pixel-b',
        );
      while ((await open()).length === 0 && Date.now() < end) await new Promise((s) => setTimeout(s, 25));
      const dropped = await open();
      expect(dropped.length).toBeGreaterThan(0);
      await new Promise((s) => setTimeout(s, 500)); // the other messages go out through other phones meanwhile
      // Not resent, not failed: still waiting (the router may meanwhile try the silent phone with another message too).
      expect((await open()).map((m) => m!.id)).toEqual(expect.arrayContaining(dropped.map((m) => m!.id)));
      r.fleet.phone('pixel-b').setOnline(true);
      const final = await Promise.all(ids.map((id) => waitForStatus(r, id, ['delivered'], 60_000)));
      for (const to of tos) expect(r.fleet.truth.messages().filter((t) => t.recipient === to)).toHaveLength(1);
      const reconciled = final.filter((m) => dropped.some((d) => d!.id === m.id));
      for (const m of reconciled) {
        expect(m.previousHandovers?.[0]).toMatchObject({ deviceId: 'pixel-b', outcome: 'not_found' });
        expect(m.handover).toMatchObject({ attempt: 2, outcome: 'accepted', clientId: `${m.id}-h2` });
      }
    } finally {
      await r.close();
    }
  });
});

describe.each(storeCases().map((s) => [s.name, s] as const))("a requeue's own cancellation (%s store)", (_name, sc) => {
  it("is not taken for the message's end when the gateway's word of it beats the hub's requeue", async () => {
    const r = await rig(await sc.create(), {}, { pickupTimeoutMs: 400 });
    try {
      // hand-overs to it succeed, nothing is sent, the pickup check cancels them
      r.fleet.phone('pixel-a').setOnline(false);
      // The race, forced: between the gateway confirming the cancel and the dispatcher requeueing, the gateway's own
      // report of the cancellation arrives (a webhook, or the tracker's poll): here, the real gateway's state, read
      // and applied through the real report processor at that moment.
      const adapter = r.app.pipeline.fleet.forDevice('pixel-a').adapter;
      const cancel = adapter.cancel.bind(adapter);
      let echoed = 0;
      adapter.cancel = async (gatewayMessageId, ...rest) => {
        const res = await cancel(gatewayMessageId, ...rest);
        const st = await adapter.fetchStatus(gatewayMessageId, { gatewayDeviceId: 'pixel-a' });
        expect(st.status).toBe('cancelled');
        await r.app.pipeline.processor.applyStatus(
          { kind: 'status', gateway: 'sms-gate', gatewayMessageId, status: st.status, at: st.at },
          new Date(),
          'sms-gate-pixel-a',
        );
        echoed++;
        return res;
      };
      const tos = Array.from({ length: 8 }, (_, i) => `+1415555${String(4100 + i)}`);
      const res = await fetch(`${r.base}/v1/messages/bulk`, {
        method: 'POST',
        headers: r.auth,
        body: JSON.stringify({ messages: tos.map((to, i) => ({ to, body: `requeue race ${i}` })) }),
      });
      const ids = ((await res.json()) as { messages: Message[] }).messages.map((m) => m.id);
      const final = await Promise.all(ids.map((id) => waitForStatus(r, id, ['delivered', 'cancelled'], 60_000)));
      expect(echoed).toBeGreaterThan(0);
      expect(final.map((m) => m.status)).toEqual(ids.map(() => 'delivered'));
      expect(final.every((m) => m.from?.deviceId !== 'pixel-a')).toBe(true);
      expect(final.some((m) => 'cancellingGatewayId' in m)).toBe(false); // bookkeeping, not for API clients
      // its server's acceptances did not hide it
      expect((await r.store.devices.get('pixel-a'))!.health).toBe('offline');
    } finally {
      await r.close();
    }
  });
});

describe("a cloud phone's health (memory store)", () => {
  it("comes from the phone's own reports, not from its cloud server accepting hand-overs", async () => {
    const r = await rig(await storeCases()[0]!.create());
    try {
      r.fleet.phone('pixel-a').setOnline(false); // behind the cloud server: no pings, nothing sent
      // A ping sent just before is a report of life still on its way: let it land before the streak begins.
      await r.fleet.truth.waitFor(
        (t) => t.reports().every((x) => x.phoneId !== 'pixel-a' || x.outcome !== 'pending'),
        60_000,
        'pixel-a reports in flight',
      );
      const send = async (to: string) => {
        const res = await fetch(`${r.base}/v1/messages`, {
          method: 'POST',
          headers: r.auth,
          body: JSON.stringify({ to, body: 'health', deviceId: 'pixel-a' }),
        });
        return waitForStatus(r, ((await res.json()) as Message).id, ['pending']);
      };
      await r.app.pipeline.router.recordOutcome('pixel-a', 'device_problem', new Date()); // a streak of silence begins
      const handed = await send('+14155554201');
      // the server's acceptance is no sign of life
      expect((await r.store.devices.get('pixel-a'))!.consecutiveFailures).toBe(1);
      await r.app.pipeline.processor.applyStatus(
        {
          kind: 'status',
          gateway: 'sms-gate',
          gatewayMessageId: handed.gatewayMessageId!,
          status: 'sent',
          at: new Date().toISOString(),
        },
        new Date(),
        'sms-gate-pixel-a',
      );
      // the phone's own report is
      expect((await r.store.devices.get('pixel-a'))!).toMatchObject({ consecutiveFailures: 0, health: 'online' });
    } finally {
      await r.close();
    }
  });
});

describe.each(storeCases().map((s) => [s.name, s] as const))(
  'send pipeline with a cloud phone going offline (%s store)',
  (_name, sc) => {
    it('cancels what a silent cloud phone never took, resends elsewhere, ignores old hand-over reports', async () => {
      const r = await rig(await sc.create(), {}, { pickupTimeoutMs: 400 });
      try {
        // behind the sms-gate cloud server: hand-overs succeed, nothing is sent
        r.fleet.phone('pixel-a').setOnline(false);
        const tos = Array.from({ length: 16 }, (_, i) => `+1415555${String(4000 + i)}`);
        const res = await fetch(`${r.base}/v1/messages/bulk`, {
          method: 'POST',
          headers: r.auth,
          body: JSON.stringify({ messages: tos.map((to, i) => ({ to, body: `cloud offline ${i}` })) }),
        });
        const ids = ((await res.json()) as { messages: Message[] }).messages.map((m) => m.id);
        const final = await Promise.all(ids.map((id) => waitForStatus(r, id, ['delivered'], 60_000)));
        expect(final.every((m) => m.from?.deviceId !== 'pixel-a')).toBe(true);
        const requeued = final.filter((m) => m.supersededGatewayIds?.length);
        expect(requeued.length).toBeGreaterThan(0); // the router did try the silent phone
        // Failover only after the old hand-over was resolved: confirmed cancelled on the gateway, then a fresh attempt.
        for (const m of requeued) {
          expect(
            m.previousHandovers?.some(
              (h) =>
                h.deviceId === 'pixel-a' &&
                h.outcome === 'cancelled' &&
                m.supersededGatewayIds!.includes(h.gatewayMessageId!),
            ),
          ).toBe(true);
          expect(m.handover).toMatchObject({ outcome: 'accepted', attempt: m.previousHandovers!.length + 1 });
        }
        for (const to of tos) {
          const truth = r.fleet.truth.messages().filter((t) => t.recipient === to);
          expect(truth.filter((t) => ['sent', 'delivered'].includes(t.finalState))).toHaveLength(1);
          expect(truth.filter((t) => t.phoneId === 'pixel-a').every((t) => t.finalState === 'cancelled')).toBe(true);
        }
        const timeline = await r.store.messages.events(requeued[0]!.id);
        expect(timeline.map((e) => e.status)).toEqual(expect.arrayContaining(['queued', 'pending', 'delivered']));
        expect(timeline.some((e) => e.note?.startsWith('requeued: pixel-a'))).toBe(true);
        expect((await r.store.devices.get('pixel-a'))!.consecutiveFailures).toBeGreaterThan(0);
        // The phone comes back: its cancelled hand-overs stay cancelled and no one is texted twice.
        r.fleet.phone('pixel-a').setOnline(true);
        await new Promise((s) => setTimeout(s, 500));
        for (const to of tos)
          expect(
            r.fleet.truth.messages().filter((t) => t.recipient === to && ['sent', 'delivered'].includes(t.finalState)),
          ).toHaveLength(1);
        for (const id of ids) expect((await r.store.messages.get(id))!.status).toBe('delivered');

        // A late report about a cancelled hand-over never touches the message's new life.
        const at = new Date().toISOString();
        const m: Message = {
          id: 'msg_superseded_1',
          to: '+14155556000',
          body: 'x',
          segments: 1,
          encoding: 'GSM-7',
          priority: 0,
          status: 'pending',
          attempts: 2,
          from: { deviceId: 'pixel-b', sim: 1 },
          gateway: 'sms-gate',
          gatewayMessageId: 'gw-new',
          supersededGatewayIds: ['gw-old'],
          createdAt: at,
          updatedAt: at,
          version: 0,
        };
        await r.store.messages.create(m, []);
        await r.store.messages.linkGatewayId('sms-gate', 'gw-old', m.id);
        await r.store.messages.linkGatewayId('sms-gate', 'gw-new', m.id);
        const report = (gatewayMessageId: string, status: 'failed' | 'sent') => ({
          kind: 'status' as const,
          gateway: 'sms-gate' as const,
          gatewayMessageId,
          clientId: m.id,
          status,
          at,
        });
        expect(
          await r.app.pipeline.processor.applyStatus(report('gw-old', 'failed'), new Date(), 'sms-gate-pixel-b'),
        ).toBe('unchanged');
        expect((await r.store.messages.get(m.id))!.status).toBe('pending');
        expect(
          await r.app.pipeline.processor.applyStatus(report('gw-new', 'sent'), new Date(), 'sms-gate-pixel-b'),
        ).toBe('applied');
        expect((await r.store.messages.get(m.id))!.status).toBe('sent');
      } finally {
        await r.close();
      }
    });
  },
);
