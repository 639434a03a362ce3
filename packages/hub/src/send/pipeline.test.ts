import { simBudgetKey, type Message } from '@smsfleet/core';
import { storeCases } from '../testing';
import { INVALID, rig, waitForStatus, type Rig } from '../testing/pipeline-rig';

describe.each(storeCases().map((s) => [s.name, s] as const))(
  'send pipeline end to end over HTTP (%s store)',
  (_name, sc) => {
    let r: Rig;
    beforeAll(async () => {
      r = await rig(await sc.create());
    });
    afterAll(async () => {
      await r.close();
    });

    it('tracks a text to delivered and sends signed status webhooks echoing the reference', async () => {
      const res = await fetch(`${r.base}/v1/messages`, {
        method: 'POST',
        headers: r.auth,
        body: JSON.stringify({ to: '+14155550123', body: 'Your order ships today', reference: 'order-1' }),
      });
      expect(res.status).toBe(202);
      const sent = (await res.json()) as Message;
      expect(sent.status).toBe('queued');
      const done = await waitForStatus(r, sent.id, ['delivered']);
      expect(done.from?.deviceId).toBeDefined();
      const truth = r.fleet.truth.messages().filter((m) => m.recipient === '+14155550123');
      expect(truth).toHaveLength(1);
      expect(truth[0]!.finalState).toBe('delivered');
      await r.receiver.waitFor(1);
      const deadline = Date.now() + 30_000;
      while (
        !r.receiver.received.some(
          (w) => (w.verified as { data?: { status?: string } } | undefined)?.data?.status === 'delivered',
        ) &&
        Date.now() < deadline
      )
        await new Promise((s) => setTimeout(s, 25));
      const delivered = r.receiver.received
        .map(
          (w) =>
            w.verified as { type: string; data: { messageId: string; status: string; reference?: string } } | undefined,
        )
        .find((e) => e?.data.messageId === sent.id && e.data.status === 'delivered');
      expect(delivered).toMatchObject({ type: 'message.status_changed', data: { reference: 'order-1' } });
      expect(r.receiver.received.every((w) => w.verifyError === undefined)).toBe(true);
    });

    it('fails an invalid number with its catalogued, permanent reason', async () => {
      const sent = (await (
        await fetch(`${r.base}/v1/messages`, {
          method: 'POST',
          headers: r.auth,
          body: JSON.stringify({ to: INVALID, body: 'hello' }),
        })
      ).json()) as Message;
      const m = await waitForStatus(r, sent.id, ['failed', 'undelivered', 'rejected']);
      expect(m.failure).toMatchObject({ category: 'invalid_number', permanent: true });
    });

    it('sends through an explicitly requested device and SIM', async () => {
      const sent = (await (
        await fetch(`${r.base}/v1/messages`, {
          method: 'POST',
          headers: r.auth,
          body: JSON.stringify({ to: '+14155550124', body: 'hi', deviceId: 'pixel-a', sim: 2 }),
        })
      ).json()) as Message;
      const m = await waitForStatus(r, sent.id, ['delivered']);
      expect(m.from).toMatchObject({ deviceId: 'pixel-a', sim: 2 });
    });

    it("moves a hand-over's SIM reservation to when the phone reported the send, so the budget frees up 60 s after it", async () => {
      const key = simBudgetKey('pixel-a', 2);
      const routedBy = Date.now();
      const sent = (await (
        await fetch(`${r.base}/v1/messages`, {
          method: 'POST',
          headers: r.auth,
          body: JSON.stringify({ to: '+14155550126', body: 'budget', deviceId: 'pixel-a', sim: 2 }),
        })
      ).json()) as Message;
      const m = await waitForStatus(r, sent.id, ['delivered']);
      const reportedBy = Date.now();
      expect(m).not.toHaveProperty('reservation'); // router bookkeeping: never in the API
      expect((await r.store.messages.get(sent.id))!.reservation).toBeUndefined(); // settled by the phone's report
      // Routing stamped the reservation at the latest send time (5 s margin); the report moved it to its own arrival.
      expect(await r.store.budgets.used(key, 60_000, reportedBy + 60_000)).toBe(0);
      expect(await r.store.budgets.used(key, 60_000, routedBy + 59_000)).toBeGreaterThanOrEqual(1);
    });

    it('does not text twice for a repeated Idempotency-Key, and refuses the key with another body', async () => {
      const h = { ...r.auth, 'idempotency-key': 'order-2-sms' };
      const a = await fetch(`${r.base}/v1/messages`, {
        method: 'POST',
        headers: h,
        body: JSON.stringify({ to: '+14155550125', body: 'once' }),
      });
      const b = await fetch(`${r.base}/v1/messages`, {
        method: 'POST',
        headers: h,
        body: JSON.stringify({ to: '+14155550125', body: 'once' }),
      });
      expect([a.status, b.status]).toEqual([202, 200]);
      const id = ((await a.json()) as Message).id;
      expect(((await b.json()) as Message).id).toBe(id);
      await waitForStatus(r, id, ['delivered']);
      expect(r.fleet.truth.messages().filter((m) => m.recipient === '+14155550125')).toHaveLength(1);
      const c = await fetch(`${r.base}/v1/messages`, {
        method: 'POST',
        headers: h,
        body: JSON.stringify({ to: '+14155550125', body: 'different' }),
      });
      expect(c.status).toBe(409);
      expect(((await c.json()) as { error: { code: string } }).error.code).toBe('SMSFLEET_ERR_IDEMPOTENCY_CONFLICT');
    });

    it('rejects a bulk send with one bad number naming it, and writes nothing', async () => {
      const before = (await r.store.messages.list({}, { limit: 500 })).items.length;
      const res = await fetch(`${r.base}/v1/messages/bulk`, {
        method: 'POST',
        headers: r.auth,
        body: JSON.stringify({
          messages: [
            { to: '+14155550130', body: 'a' },
            { to: '12', body: 'b' },
            { to: '+14155550131', body: 'c' },
          ],
        }),
      });
      expect(res.status).toBe(400);
      const err = (await res.json()) as { error: { code: string; field: string } };
      expect(err.error).toMatchObject({ code: 'SMSFLEET_ERR_INVALID_PHONE', field: 'body.messages.1.to' });
      expect((await r.store.messages.list({}, { limit: 500 })).items.length).toBe(before);
    });

    it('refuses an unknown device and bad JSON with clear codes', async () => {
      const a = await fetch(`${r.base}/v1/messages`, {
        method: 'POST',
        headers: r.auth,
        body: JSON.stringify({ to: '+14155550126', body: 'x', deviceId: 'nope' }),
      });
      expect(a.status).toBe(400);
      expect(((await a.json()) as { error: { code: string; field: string } }).error).toMatchObject({
        code: 'SMSFLEET_ERR_UNKNOWN_DEVICE',
        field: 'body.deviceId',
      });
      const b = await fetch(`${r.base}/v1/messages`, { method: 'POST', headers: r.auth, body: '{"to":' });
      expect(((await b.json()) as { error: { code: string } }).error.code).toBe('SMSFLEET_ERR_INVALID_JSON');
    });

    it("names a send's fields as the request has them, and refuses an unknown (misspelt) option instead of dropping it", async () => {
      const before = (await r.store.messages.list({}, { limit: 500 })).items.length;
      const post = async (path: string, body: unknown) => {
        const res = await fetch(`${r.base}/v1/messages${path}`, {
          method: 'POST',
          headers: r.auth,
          body: JSON.stringify(body),
        });
        return {
          status: res.status,
          error: (
            (await res.json()) as {
              error: { code: string; field: string; issues: { field: string; reason: string }[] };
            }
          ).error,
        };
      };
      const typo = await post('', {
        to: '+14155550132',
        body: 'Your appointment is tomorrow',
        sendat: '2030-01-01T09:00:00Z',
      });
      expect(typo).toMatchObject({
        status: 400,
        error: {
          code: 'SMSFLEET_ERR_VALIDATION',
          field: 'body.sendat',
          issues: [{ field: 'body.sendat', reason: 'is not a known field' }],
        },
      });
      const bulkTypo = await post('/bulk', {
        messages: [
          { to: '+14155550133', body: 'a' },
          { to: '+14155550134', body: 'b', trackLink: true },
        ],
      });
      expect(bulkTypo).toMatchObject({ status: 400, error: { field: 'body.messages.1.trackLink' } });
      expect(await post('', { to: 'call me', body: 'x' })).toMatchObject({
        status: 400,
        error: { code: 'SMSFLEET_ERR_INVALID_PHONE', field: 'body.to' },
      });
      expect(await post('/preview', { to: '12', body: 'x' })).toMatchObject({
        status: 400,
        error: { code: 'SMSFLEET_ERR_INVALID_PHONE', field: 'body.to' },
      });
      expect(await post('/preview', { to: '+14155550135', body: 'x', deviceId: 'nope' })).toMatchObject({
        status: 400,
        error: { code: 'SMSFLEET_ERR_UNKNOWN_DEVICE', field: 'body.deviceId' },
      });
      // Every problem at once: the schema's, and a number the schema let through that is no phone number.
      const both = await post('', { to: 'call me', body: '' });
      expect(both).toMatchObject({ status: 400, error: { code: 'SMSFLEET_ERR_VALIDATION' } });
      expect(both.error.issues.map((i) => i.field)).toEqual(['body.body', 'body.to']);
      expect(
        (await post('/preview', { to: '12', body: 'x', priority: 'high' })).error.issues.map((i) => i.field),
      ).toEqual(['body.priority', 'body.to']);
      const mixed = await post('/bulk', {
        messages: [
          { to: '12', body: 'a' },
          { to: '+14155550136', body: '' },
          { to: 7, body: 'c' },
        ],
      });
      expect(mixed.error.issues.map((i) => i.field)).toEqual([
        'body.messages.1.body',
        'body.messages.2.to',
        'body.messages.0.to',
      ]);
      expect(mixed.error.issues[2]!.reason).toMatch(/country code/);
      expect((await r.store.messages.list({}, { limit: 500 })).items.length).toBe(before);
    });

    it('refuses a forged gateway webhook with 401 and changes nothing', async () => {
      const res = await fetch(`${r.base}/ingress/textbee-cloud`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-signature': 'deadbeef' },
        body: JSON.stringify({ smsId: 'x', webhookEvent: 'MESSAGE_DELIVERED', status: 'delivered' }),
      });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('SMSFLEET_ERR_SIGNATURE_INVALID');
    });

    it('counts the gateway webhooks it applied, and the batches they came in, in /metrics', async () => {
      const text = await (await fetch(`${r.base}/metrics`)).text();
      const count = (name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1]);
      expect(count('smsfleet_ingress_webhooks_total')).toBeGreaterThan(0); // the reports of the texts sent above
      expect(count('smsfleet_ingress_batches_total')).toBeGreaterThan(0);
      expect(count('smsfleet_ingress_batches_total')).toBeLessThanOrEqual(count('smsfleet_ingress_webhooks_total'));
    });

    it('lists devices with health and SIM budget use, and the inbox', async () => {
      const d = (await (await fetch(`${r.base}/v1/devices`, { headers: r.auth })).json()) as {
        items: Array<{ id: string; health: string; sims: Array<{ usedLastMinute: number }> }>;
      };
      expect(d.items.map((x) => x.id).sort()).toEqual(['mg', 'moto', 'pixel-a', 'pixel-b', 'tb']);
      expect(d.items.flatMap((x) => x.sims).reduce((a, s) => a + s.usedLastMinute, 0)).toBeGreaterThan(0);
      r.fleet.phone('pixel-a').receiveSms('+14155550123', 'Thanks!', 1);
      const end = Date.now() + 30_000;
      let items: Array<{ from: string; body: string }> = [];
      while (Date.now() < end) {
        items = ((await (await fetch(`${r.base}/v1/inbox`, { headers: r.auth })).json()) as { items: typeof items })
          .items;
        if (items.length) break;
        await new Promise((s) => setTimeout(s, 25));
      }
      expect(items[0]).toMatchObject({ from: '+14155550123', body: 'Thanks!' });
    });
  },
);

describe.each(storeCases().map((s) => [s.name, s] as const))('send pipeline under faults (%s store)', (_name, sc) => {
  it("ends every message in the status the phones' ground truth says, with duplicate, reordered and lost reports", async () => {
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

describe('send pipeline with a phone going offline (memory store)', () => {
  it('reconciles the hand-overs a local-server phone dropped mid-request before sending them again, and texts nobody twice', async () => {
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
      r.fleet.phone('pixel-a').setOnline(false); // hand-overs to it succeed, nothing is sent, the pickup check cancels them
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
      expect((await r.store.devices.get('pixel-a'))!.health).toBe('offline'); // its server's acceptances did not hide it
    } finally {
      await r.close();
    }
  });
});

describe("the tracker's poll (memory store)", () => {
  it('is not applied to a message that moved on while the poll was out', async () => {
    const r = await rig(await storeCases()[0]!.create());
    try {
      r.fleet.phone('pixel-a').setOnline(false); // the message stays pending on the cloud server
      const res = await fetch(`${r.base}/v1/messages`, {
        method: 'POST',
        headers: r.auth,
        body: JSON.stringify({ to: '+14155554301', body: 'poll race', deviceId: 'pixel-a' }),
      });
      const handed = await waitForStatus(r, ((await res.json()) as Message).id, ['pending']);
      const adapter = r.app.pipeline.fleet.forDevice('pixel-a').adapter;
      expect(await adapter.cancel(handed.gatewayMessageId!)).toBe('cancelled'); // the gateway now says: cancelled
      // While the tracker's poll is out, another worker requeues the message (as the pickup check does): the poll's
      // answer is about the old hand-over, not the message's new life.
      const fetchStatus = adapter.fetchStatus.bind(adapter);
      let polled = 0;
      adapter.fetchStatus = async (id, ctx) => {
        const st = await fetchStatus(id, ctx);
        if (id === handed.gatewayMessageId) {
          await r.store.messages.update(handed.id, (c) => {
            const { from: _f, gateway: _g, gatewayMessageId: _id, reservation: _r, ...rest } = c;
            return { message: { ...rest, status: 'queued', supersededGatewayIds: [id] }, events: [] };
          });
          polled++;
        }
        return st;
      };
      const end = Date.now() + 30_000;
      while (polled === 0 && Date.now() < end) await new Promise((s) => setTimeout(s, 25));
      expect(polled).toBeGreaterThan(0);
      await new Promise((s) => setTimeout(s, 100));
      expect((await r.store.messages.get(handed.id))!.status).not.toBe('cancelled');
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
      expect((await r.store.devices.get('pixel-a'))!.consecutiveFailures).toBe(1); // the server's acceptance is no sign of life
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
      expect((await r.store.devices.get('pixel-a'))!).toMatchObject({ consecutiveFailures: 0, health: 'online' }); // the phone's own report is
    } finally {
      await r.close();
    }
  });
});

describe.each(storeCases().map((s) => [s.name, s] as const))(
  'send pipeline with a cloud phone going offline (%s store)',
  (_name, sc) => {
    it("cancels what a silent cloud-server phone never picked up, sends it from another phone, and ignores the old hand-over's reports", async () => {
      const r = await rig(await sc.create(), {}, { pickupTimeoutMs: 400 });
      try {
        r.fleet.phone('pixel-a').setOnline(false); // behind the sms-gate cloud server: hand-overs succeed, nothing is sent
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

describe.each(storeCases().map((s) => [s.name, s] as const))(
  'send pipeline with a subscriber down for a while (%s store)',
  (_name, sc) => {
    it('delivers every status event, signed, once the subscriber is back', async () => {
      let downUntil = Number.POSITIVE_INFINITY;
      const r = await rig(await sc.create(), {}, { receiverAnswer: () => (Date.now() < downUntil ? 503 : 204) });
      try {
        downUntil = Date.now() + 1_500;
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
      expect(await r.store.queue.size('send')).toBe(20);
      expect(r.fleet.truth.messages().filter((t) => tos.includes(t.recipient))).toHaveLength(0);
    } finally {
      await r.close();
    }
  });
});
