import { startFleet, type Fleet, type FleetOptions } from './index';
import { basicAuth, startWebhookReceiver, VirtualSimClock, type WebhookReceiver } from './testing';

type SgEvent = { event: string; id: string; payload: { messageId: string; reason?: string } };

describe('faults', () => {
  let fleet: Fleet | undefined;
  let rx: WebhookReceiver;
  // Sim time moves only when a test runs it (runUntil/advance), one deadline at a time: a busy CPU cannot stretch
  // a simulated gap.
  let clock: VirtualSimClock;

  beforeEach(async () => {
    rx = await startWebhookReceiver();
  });
  afterEach(async () => {
    await fleet?.close();
    fleet = undefined;
    await rx.close();
  });

  async function sg(faults: FleetOptions['faults'], seed = 21): Promise<Fleet> {
    clock = new VirtualSimClock();
    fleet = await startFleet({
      seed,
      clock,
      faults,
      timing: { deliveryMs: [500, 1_500] },
      phones: [{ id: 'p1', gateway: 'sms-gate', sims: [{ number: '+15550000001' }] }],
    });
    const g = fleet.gateways['sms-gate'];
    for (const event of ['sms:sent', 'sms:delivered', 'sms:failed']) {
      await fetch(`${g.baseUrl}/3rdparty/v1/webhooks`, {
        method: 'POST',
        headers: { authorization: basicAuth(g.credentials), 'content-type': 'application/json' },
        body: JSON.stringify({ url: rx.url, event }),
      });
    }
    return fleet;
  }

  async function send(f: Fleet, id: string, to: string, text = 'hello'): Promise<void> {
    const g = f.gateways['sms-gate'];
    const r = await fetch(`${g.baseUrl}/3rdparty/v1/messages`, {
      method: 'POST',
      headers: { authorization: basicAuth(g.credentials), 'content-type': 'application/json' },
      body: JSON.stringify({ id, textMessage: { text }, phoneNumbers: [to] }),
    });
    expect(r.status).toBe(202);
  }

  const events = () => rx.received.map((r) => r.json as SgEvent);
  // Checked only when the simulation is idle, so reports dispatched right after a state change are counted.
  const settled = (f: Fleet) =>
    clock.runUntil(
      () => f.truth.allSettled() && f.truth.reports().every((r) => r.outcome !== 'pending'),
      undefined,
      'all settled',
    );
  const until = (pred: () => boolean) => clock.runUntil(pred);

  it('fails invalid numbers permanently and others temporarily at the configured rate', async () => {
    const f = await sg({ invalidNumbers: ['+15559990001'], invalidPrefixes: ['+1555888'], temporaryFailureRate: 0.5 });
    await send(f, 'bad1', '+15559990001');
    await send(f, 'bad2', '+15558881234');
    for (let i = 0; i < 20; i++) await send(f, `ok${i}`, `+1555100${String(i).padStart(4, '0')}`);
    await settled(f);
    for (const id of ['bad1', 'bad2']) {
      expect(f.truth.message(id)).toMatchObject({
        finalState: 'failed',
        failure: { code: 'RESULT_NETWORK_REJECT', permanent: true },
      });
    }
    const others = f.truth.messages().filter((m) => m.id.startsWith('ok'));
    const temp = others.filter((m) => m.finalState === 'failed');
    expect(temp.length).toBeGreaterThan(2);
    expect(temp.length).toBeLessThan(18);
    for (const m of temp) expect(m.failure).toMatchObject({ code: 'RESULT_ERROR_NO_SERVICE', permanent: false });
    expect(others.filter((m) => m.finalState === 'delivered').length).toBe(20 - temp.length);
    const failedEvents = events().filter((e) => e.event === 'sms:failed');
    expect(failedEvents.find((e) => e.payload.messageId === 'bad1')!.payload.reason).toBe('RESULT_NETWORK_REJECT');
    expect(failedEvents).toHaveLength(2 + temp.length);
  });

  it('duplicates status reports with a new event id for the same message', async () => {
    const f = await sg({ duplicateRate: 1 });
    await send(f, 'd1', '+15551000001');
    await settled(f);
    const sent = events().filter((e) => e.event === 'sms:sent');
    expect(sent).toHaveLength(2);
    expect(sent[0]!.payload.messageId).toBe('d1');
    expect(sent[1]!.payload.messageId).toBe('d1');
    expect(sent[0]!.id).not.toBe(sent[1]!.id);
    expect(f.truth.reports({ event: 'sms:sent' }).map((r) => r.fault)).toEqual([undefined, 'duplicate']);
  });

  it('reorders: delivered arrives before sent', async () => {
    const f = await sg({ reorderRate: 1 });
    await send(f, 'r1', '+15551000001');
    await until(() => rx.received.length === 2);
    const order = events().map((e) => e.event);
    expect(order).toEqual(['sms:delivered', 'sms:sent']);
    expect(f.truth.message('r1')!.states.map((s) => s.state)).toEqual(['queued', 'picked', 'sent', 'delivered']);
    expect(f.truth.message('r1')!.reordered).toBe(true);
  });

  it('loses reports: nothing is sent, but truth and GET still tell the real state', async () => {
    const f = await sg({ lostRate: 1 });
    await send(f, 'l1', '+15551000001');
    await settled(f);
    expect(rx.received).toHaveLength(0);
    expect(f.truth.reports().every((r) => r.outcome === 'lost' && r.fault === 'lost')).toBe(true);
    expect(f.truth.reports()).toHaveLength(2);
    expect(f.truth.webhookAttempts()).toHaveLength(0);
    const g = f.gateways['sms-gate'];
    const got = (await (
      await fetch(`${g.baseUrl}/3rdparty/v1/messages/l1`, { headers: { authorization: basicAuth(g.credentials) } })
    ).json()) as { state: string };
    expect(got.state).toBe('Delivered');
  });

  it('stuck messages stay sent with no delivery report', async () => {
    const f = await sg({ stuckRate: 1 });
    await send(f, 's1', '+15551000001');
    await settled(f);
    expect(f.truth.message('s1')).toMatchObject({ finalState: 'sent', stuck: true });
    await until(() => rx.received.length === 1);
    await clock.advance(60_000); // well past any delivery delay
    expect(events().map((e) => e.event)).toEqual(['sms:sent']);
    expect(f.truth.message('s1')!.partsDeliveredAt).toEqual([]);
  });

  it('retries sms-gate webhooks with exponential backoff from 10 s and records every attempt', async () => {
    const f = await sg({ webhookRetry: { 'sms-gate': { maxAttempts: 4 } } });
    rx.respondWith(() => 503);
    await send(f, 'w1', '+15551000001');
    await until(() => f.truth.reports({ event: 'sms:sent' })[0]?.outcome === 'gave-up');
    const atts = f.truth.webhookAttempts({ event: 'sms:sent' });
    expect(atts.map((a) => [a.attempt, a.status, a.willRetry])).toEqual([
      [1, 503, true],
      [2, 503, true],
      [3, 503, true],
      [4, 503, false],
    ]);
    const gaps = atts.slice(1).map((a, i) => a.at - atts[i]!.at);
    expect(gaps[0]).toBeGreaterThanOrEqual(10_000);
    expect(gaps[1]).toBeGreaterThanOrEqual(20_000);
    expect(gaps[2]).toBeGreaterThanOrEqual(40_000);
    expect(gaps[2]).toBeLessThan(60_000);
  });

  it('a simulated network fault fails attempts until cleared; the retry then succeeds', async () => {
    const f = await sg({});
    f.setWebhookTargetFault(rx.url, { failWith: 'network' });
    await send(f, 'n1', '+15551000001');
    await until(() => f.truth.webhookAttempts({ event: 'sms:sent' }).length >= 2);
    expect(rx.received).toHaveLength(0);
    f.setWebhookTargetFault(rx.url, null);
    await until(() => f.truth.reports({ event: 'sms:sent' })[0]?.outcome === 'delivered');
    const atts = f.truth.webhookAttempts({ event: 'sms:sent' });
    expect(atts.at(-1)!.status).toBe(200);
    expect(atts[0]!.error).toBe('simulated network error');
  });

  it('a configured target fault (FaultConfig) answers 500 to every attempt until retries run out', async () => {
    const f = await sg({
      webhookRetry: { 'sms-gate': { maxAttempts: 2 } },
      webhookTargetFaults: [{ urlPrefix: 'http://127.0.0.1', failWith: 500 }],
    });
    await send(f, 'c1', '+15551000001');
    await until(() => f.truth.reports().length === 2 && f.truth.reports().every((r) => r.outcome === 'gave-up'));
    expect(f.truth.webhookAttempts().map((a) => a.status)).toEqual([500, 500, 500, 500]);
    expect(rx.received).toHaveLength(0);
  });

  it('a slow network delays each attempt by delayMs of sim time', async () => {
    const f = await sg({ webhookTargetFaults: [{ urlPrefix: rx.url, failRate: 0, delayMs: 30_000 }] });
    await send(f, 'slow', '+15551000001');
    await until(() => rx.received.length === 2);
    const sentAt = f.truth.message('slow')!.states.find((s) => s.state === 'sent')!.at;
    const att = f.truth.webhookAttempts({ event: 'sms:sent' })[0]!;
    expect(att.status).toBe(200);
    expect(att.at - sentAt).toBeGreaterThanOrEqual(30_000);
    expect(att.at - sentAt).toBeLessThan(30_000 + 20_000); // and the delay, not a retry, is what it waited
  });

  it('textbee abandons a 4xx at once but retries a 5xx', async () => {
    clock = new VirtualSimClock();
    fleet = await startFleet({
      seed: 2,
      clock,
      faults: { webhookRetry: { textbee: { maxDelayMs: 5_000, maxAttempts: 3 } } },
      phones: [{ id: 't1', gateway: 'textbee', sims: [{ number: '+15550000001' }] }],
    });
    const tb = fleet.gateways.textbee;
    const h = { 'x-api-key': tb.credentials.apiKey!, 'content-type': 'application/json' };
    await fetch(`${tb.baseUrl}/api/v1/webhooks`, {
      method: 'POST',
      headers: h,
      body: JSON.stringify({
        deliveryUrl: rx.url,
        signingSecret: 's'.repeat(20),
        events: ['MESSAGE_SENT', 'MESSAGE_DELIVERED'],
      }),
    });
    rx.respondWith((r) => ((r.json as { webhookEvent: string }).webhookEvent === 'MESSAGE_SENT' ? 400 : 500));
    await fetch(`${tb.baseUrl}/api/v1/gateway/devices/t1/send-sms`, {
      method: 'POST',
      headers: h,
      body: JSON.stringify({ message: 'x', recipients: ['+15551000001'] }),
    });
    const f = fleet;
    await until(() => f.truth.reports().length === 2 && f.truth.reports().every((r) => r.outcome === 'gave-up'));
    expect(fleet.truth.webhookAttempts({ event: 'MESSAGE_SENT' }).map((a) => a.status)).toEqual([400]);
    expect(fleet.truth.webhookAttempts({ event: 'MESSAGE_DELIVERED' }).map((a) => a.status)).toEqual([500, 500, 500]);
  });

  it('is deterministic: the same seed and calls give the same ids, outcomes and reports', async () => {
    const run = async (seed: number) => {
      const f = await sg({ temporaryFailureRate: 0.3, duplicateRate: 0.3, lostRate: 0.2, stuckRate: 0.2 }, seed);
      const g = f.gateways['sms-gate'];
      for (let i = 0; i < 12; i++) {
        await fetch(`${g.baseUrl}/3rdparty/v1/messages`, {
          method: 'POST',
          headers: { authorization: basicAuth(g.credentials), 'content-type': 'application/json' },
          body: JSON.stringify({ textMessage: { text: `msg ${i}` }, phoneNumbers: ['+15551000001'] }),
        });
      }
      await settled(f);
      const out = {
        creds: g.credentials,
        key: f.phone('p1').webhookSecret,
        messages: f.truth.messages().map((m) => [m.id, m.finalState, m.failure?.code, m.stuck]),
        reports: f.truth
          .reports()
          .map((r) => [r.messageId, r.event, r.fault ?? '', r.eventId])
          .sort((a, b) => String(a).localeCompare(String(b))),
      };
      await f.close();
      fleet = undefined;
      rx.received.length = 0;
      return out;
    };
    const a = await run(77);
    const b = await run(77);
    const c = await run(78);
    expect(b).toEqual(a);
    expect(c.messages.map((m) => m[0])).not.toEqual(a.messages.map((m) => m[0]));
    expect(new Set(a.messages.map((m) => m[1])).size).toBeGreaterThan(1);
  });
});
